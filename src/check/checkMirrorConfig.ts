import type { Logger } from 'pino';
import type { MirrorConfig } from '../config/MirrorConfig.js';
import { DEFAULT_PULL_TIMEOUT_MS } from '../sources/fromSyncSource.js';
import type { ConfigCheck, SourceCheck } from './ConfigCheck.js';
import { checkSource } from './checkSource.js';

export interface CheckMirrorConfigOptions {
  /** The config file, as reported. */
  readonly path: string;
  /** Where `{ "env": NAME }` headers are read. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger?: Logger;
}

/** The failures of a source, one line each: `crm/contacts: GET … → 401 Unauthorized`. */
const failureLines = (check: SourceCheck): string[] => [
  ...(check.problem === undefined ? [] : [`${check.source}: ${check.problem}`]),
  ...check.resources.flatMap((r) =>
    r.problem === undefined
      ? []
      : [`${check.source}${r.resource === undefined ? '' : `/${r.resource}`}: ${r.problem}`],
  ),
];

/**
 * Checks every source of a decoded config at once ({@link checkSource}), before a first sync: what
 * each would get from its first pull. Opens no database and stores no cursor.
 */
export const checkMirrorConfig = async (
  config: MirrorConfig,
  options: CheckMirrorConfigOptions,
): Promise<ConfigCheck> => {
  const sources = await Promise.all(
    config.sources.map((source) =>
      checkSource(source, {
        env: options.env,
        pullTimeoutMs: config.pullTimeoutMs ?? DEFAULT_PULL_TIMEOUT_MS,
        ...(options.logger === undefined ? {} : { logger: options.logger }),
      }),
    ),
  );
  return {
    config: options.path,
    db: config.db,
    ok: sources.every((s) => s.ok),
    sources,
    failures: sources.flatMap(failureLines),
  };
};
