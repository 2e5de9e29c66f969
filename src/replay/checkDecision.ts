import { ReplayDivergedError } from '../errors/ReplayDivergedError.js';
import type { DecidedDelta, Decision } from '../model/DecidedBatch.js';
import type { LoggedEvent } from '../store/LoggedEvent.js';

/** Characters of a payload shown around the first difference: enough to see it, never the whole payload. */
const SHOWN = 60;

/** An event's outcome as divergence messages show it: `merged v3`, `skipped v-`. */
export const outcomeText = (decision: Decision, version: number | undefined): string =>
  `${decision} v${version ?? '-'}`;

const withPayload = (outcome: string, json: string | undefined, from: number): string => {
  if (json === undefined) return outcome;
  const end = from + SHOWN;
  return `${outcome} with payload ${from > 0 ? '…' : ''}${json.slice(from, end)}${end < json.length ? '…' : ''}`;
};

/**
 * Compares a replayed decision with the logged one: decision, resulting version and, for merges,
 * the merged payload (byte for byte: a strategy that merges differently is not the one that wrote
 * the log, even when it answers "merged" at the same version). Throws {@link ReplayDivergedError}
 * naming the event when they differ.
 *
 * `takenAsLogged`: the event was not re-decided, its logged decision was taken (its strategy is not
 * known here). Only the version can then differ, and it means the log contradicts itself. The
 * payload written is the logged result payload, byte for byte, not a re-serialisation of it.
 */
export const checkDecision = (
  decided: DecidedDelta,
  logged: LoggedEvent,
  takenAsLogged: boolean,
): DecidedDelta => {
  const asLogged = takenAsLogged ? logged.strategy : undefined;
  if (decided.decision !== logged.decision || decided.version !== logged.version) {
    throw new ReplayDivergedError(
      logged.seq,
      outcomeText(logged.decision, logged.version),
      outcomeText(decided.decision, decided.version),
      asLogged,
    );
  }
  if (takenAsLogged) {
    return decided.decision === 'merged' ? { ...decided, mergedJson: logged.resultPayloadJson } : decided;
  }
  const was = logged.resultPayloadJson;
  const now = decided.mergedJson;
  if (was !== now) {
    let at = 0;
    const common = Math.min(was?.length ?? 0, now?.length ?? 0);
    while (at < common && was?.[at] === now?.[at]) at += 1;
    // From the start when the difference is near it, else from a little before the difference.
    const from = at < SHOWN - 20 ? 0 : at - 20;
    const outcome = outcomeText(logged.decision, logged.version);
    throw new ReplayDivergedError(
      logged.seq,
      withPayload(outcome, was, from),
      withPayload(outcome, now, from),
    );
  }
  return decided;
};
