import { couchChangesSource } from '../sources/couchdb/couchChangesSource.js';
import { directorySource } from '../sources/files/directorySource.js';
import { ndjsonFileSource } from '../sources/files/ndjsonFileSource.js';
import {
  DEFAULT_POLL_INTERVAL_MS,
  fromSyncSource,
  type FromSyncSourceOptions,
} from '../sources/fromSyncSource.js';
import { fromHttpSource } from '../sources/http/fromHttpSource.js';
import type { HttpSourceOptions } from '../sources/http/httpSyncSources.js';
import { jetStreamSource } from '../sources/jetstream/jetStreamSource.js';
import { MIN_FETCH_WAIT_MS } from '../sources/jetstream/streamReader.js';
import type { ResumableSource } from '../sources/MirrorSource.js';
import type { SourceConfig } from './SourceConfig.js';

export interface SourcesFromConfigOptions {
  /** `once`: until caught up. `live`: keep polling every `pollIntervalMs`. */
  readonly mode: 'once' | 'live';
  readonly pollIntervalMs?: number;
  readonly pullTimeoutMs?: number;
  /** Where `{ "env": NAME }` headers are read. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Retry waits and jitter of HTTP sources (tests). */
  readonly http?: Omit<HttpSourceOptions, 'env'>;
}

/**
 * The configured sources keyed by source id, ready for `createMirror` (which hands each its stored
 * cursors, under that id): an HTTP source is the merge of its resources; a JetStream source holds its
 * connection for the run; the others are one {@link fromSyncSource} each. Environment references are resolved here, so a missing variable fails
 * before anything is pulled.
 */
export const sourcesFromConfig = (
  sources: readonly SourceConfig[],
  options: SourcesFromConfigOptions,
): Record<string, ResumableSource> => {
  const pulling: FromSyncSourceOptions = {
    mode: options.mode,
    ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
    ...(options.pullTimeoutMs === undefined ? {} : { pullTimeoutMs: options.pullTimeoutMs }),
  };
  const env = options.env ?? process.env;
  const sourceOf = (source: SourceConfig): ResumableSource => {
    switch (source.type) {
      case 'http':
        return fromHttpSource(source, { ...pulling, ...options.http, env });
      case 'couchdb':
        return fromSyncSource(couchChangesSource(source, { env }), pulling);
      case 'ndjson':
        return fromSyncSource(ndjsonFileSource(source), pulling);
      case 'directory':
        return fromSyncSource(directorySource(source), pulling);
      case 'jetstream':
        // Live: each pull waits up to the poll interval for the next message, then pulls again at once,
        // so a message is applied as soon as it is published. Once: until no message is pending.
        return jetStreamSource(
          source,
          options.mode === 'live'
            ? {
                ...pulling,
                pollIntervalMs: 0,
                waitMs: Math.max(MIN_FETCH_WAIT_MS, options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS),
              }
            : pulling,
        );
    }
  };
  return Object.fromEntries(sources.map((source) => [source.id, sourceOf(source)]));
};
