import * as t from 'io-ts';
import { Name } from '../model/ResourceName.js';
import { closedObject } from '../codecs/closedObject.js';
import { contextAt } from '../codecs/contextAt.js';
import { oneOf } from '../codecs/oneOf.js';
import { NonEmptyString, NonNegativeInteger, PositiveInteger, nonEmptyArray } from '../codecs/scalars.js';
import { SourceConfig } from './SourceConfig.js';
import { StrategyName } from './StrategyName.js';

const MirrorConfigFields = closedObject(
  'MirrorConfig',
  {
    /** The SQLite file (relative paths: against the config file's directory). */
    db: NonEmptyString,
    sources: nonEmptyArray(SourceConfig),
  },
  {
    /** Strategy of resources without their own (default `last-write-wins`). */
    strategy: StrategyName,
    /** Strategy per resource. */
    strategyFor: t.record(Name, StrategyName),
    /** Deltas per transaction at most. */
    batchSize: PositiveInteger,
    /** With `--watch`: how long a caught-up source waits before pulling again. */
    pollIntervalMs: NonNegativeInteger,
    /** A pull that takes longer is aborted and its source fails (default 15 minutes). */
    pullTimeoutMs: PositiveInteger,
    /** The database may grow to this many MiB; past it the run stops with STORAGE_FULL. No limit by default. */
    maxSizeMiB: PositiveInteger,
    /**
     * A delta its strategy cannot decide or the store refuses: `record` it in `mirror_rejects` and go on
     * (default), or `fail` the run.
     */
    onRefusal: oneOf(['record', 'fail']),
  },
);

/**
 * `mirror.config.json`: the database, the sources (`http`, `couchdb`, `ndjson`, `directory`, each
 * with a distinct `id`) and the strategies. Unknown fields are errors, so a typo is never ignored.
 */
export const MirrorConfig = new t.Type<
  t.TypeOf<typeof MirrorConfigFields>,
  t.OutputOf<typeof MirrorConfigFields>,
  unknown
>(
  'MirrorConfig',
  MirrorConfigFields.is,
  (u, c) => {
    const decoded = MirrorConfigFields.validate(u, c);
    if (decoded._tag === 'Left') return decoded;
    const errors: t.ValidationError[] = [];
    const seen = new Set<string>();
    decoded.right.sources.forEach((source, i) => {
      if (seen.has(source.id)) {
        errors.push({
          value: source.id,
          context: contextAt(c, ['sources', i, 'id'], source.id),
          message: 'duplicate source id (cursors are stored per source id)',
        });
      }
      seen.add(source.id);
    });
    return errors.length > 0 ? t.failures(errors) : decoded;
  },
  MirrorConfigFields.encode,
);
export type MirrorConfig = t.TypeOf<typeof MirrorConfig>;
