import * as E from 'fp-ts/lib/Either.js';
import { sourcesFromConfig, type SourcesFromConfigOptions } from '../src/config/sourcesFromConfig.js';
import type { ResumableSource } from '../src/sources/MirrorSource.js';
import { JetStreamSourceConfig } from '../src/sources/jetstream/JetStreamSourceConfig.js';

/** The source id of the fleet step's replicas and of its file ingest, so that their logs compare. */
export const FLEET_SOURCE_ID = 'fleet';

/** Which NATS server, stream and subjects a child of the `fleet` step works with. */
export interface FleetStreamJob {
  readonly nats: string;
  readonly stream: string;
  readonly subjectPrefix: string;
}

/**
 * The replica's sources, as `sync --config` builds them from a `jetstream` source on the job's stream:
 * `once` (`sync --once`: until no message is pending) or `live` (`sync --watch`).
 */
export const replicaSources = (
  job: FleetStreamJob,
  mode: SourcesFromConfigOptions['mode'],
): Record<string, ResumableSource> => {
  const config = JetStreamSourceConfig.decode({
    type: 'jetstream',
    id: FLEET_SOURCE_ID,
    nats: job.nats,
    stream: job.stream,
    subjectPrefix: job.subjectPrefix,
  });
  if (E.isLeft(config)) throw new Error("the bench's jetstream config does not decode");
  return sourcesFromConfig([config.right], { mode });
};
