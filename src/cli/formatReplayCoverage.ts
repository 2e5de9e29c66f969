import type { ReplayCoverage } from '../replay/ReplayCoverage.js';

const events = (n: number): string => `${n} event${n === 1 ? '' : 's'}`;

export interface ReplayCoverageContext {
  /** Events in the log. */
  readonly total: number;
  /** The replay stopped at a divergence: the counts cover the events before it. */
  readonly stopped: boolean;
  /** The `--strategies` module given, if any: the advice for strategies it lacks differs. */
  readonly strategiesModule: string | undefined;
}

/**
 * What a replay vouches for, as indented lines under `verify`'s and `replay`'s verdict: how many
 * events it re-decided and checked, and, per strategy it did not know, how many it took as logged.
 */
export const formatReplayCoverage = (coverage: ReplayCoverage, context: ReplayCoverageContext): string => {
  const { total, stopped, strategiesModule } = context;
  const { redecided } = coverage;
  let out = '';
  if (stopped) out += `  re-decided and checked: ${events(redecided)} before the replay stopped\n`;
  else if (redecided === total && total > 0) out += `  re-decided and checked: all ${events(total)}\n`;
  else if (total > 0) out += `  re-decided and checked: ${redecided} of ${events(total)}\n`;
  for (const { strategy, events: n } of coverage.takenAsLogged) {
    const advice =
      strategiesModule === undefined
        ? `strategy "${strategy}" is not known here; pass --strategies to check it`
        : `strategy "${strategy}" is neither built in nor in ${strategiesModule}; export it from there to check it`;
    out += `  not re-decided: ${events(n)} taken as logged: ${advice}\n`;
  }
  return out;
};
