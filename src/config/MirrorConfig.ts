import * as t from 'io-ts';
import { Name } from '../model/ResourceName.js';
import { closedObject } from '../codecs/closedObject.js';
import { checkedAfterDecode, reportDuplicates } from '../codecs/checkedAfterDecode.js';
import { oneOf } from '../codecs/oneOf.js';
import { NonEmptyString, NonNegativeInteger, PositiveInteger, nonEmptyArray } from '../codecs/scalars.js';
import { PublishConfig } from './PublishConfig.js';
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
    /**
     * With `--watch`: how long a caught-up source waits before pulling again (a JetStream source waits
     * this long for a next message, and pulls again at once).
     */
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
    /**
     * Where batches are written: `inline` (default), on the pipeline's thread; or `thread`, on a writer
     * thread of its own that overlaps pulling and decoding on a second core.
     */
    writer: oneOf(['inline', 'thread']),
    /** Publish every change the mirror commits to a NATS JetStream stream (`sync` runs the publisher). */
    publish: PublishConfig,
  },
);

/**
 * `mirror.config.json`: the database, the sources (`http`, `couchdb`, `ndjson`, `directory`,
 * `jetstream`, each with a distinct `id`), the strategies, and where to publish the mirror's changes
 * (`publish`). Unknown fields are errors, so a typo is never ignored.
 */
export const MirrorConfig = checkedAfterDecode(MirrorConfigFields, (config, report) =>
  reportDuplicates(
    config.sources,
    (source) => source.id,
    (i) => ['sources', i, 'id'],
    'duplicate source id (cursors are stored per source id)',
    report,
  ),
);
export type MirrorConfig = t.TypeOf<typeof MirrorConfig>;
