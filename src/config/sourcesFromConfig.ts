import type { Observable } from 'rxjs';
import type { Logger } from 'pino';
import type { SourceEmission } from '../model/SourceEmission.js';
import { couchChangesSource } from '../sources/couchdb/couchChangesSource.js';
import { directorySource } from '../sources/files/directorySource.js';
import { ndjsonFileSource } from '../sources/files/ndjsonFileSource.js';
import { fromSyncSource, type FromSyncSourceOptions } from '../sources/fromSyncSource.js';
import { fromHttpSource } from '../sources/http/fromHttpSource.js';
import type { HttpSourceOptions } from '../sources/http/httpSyncSources.js';
import type { SourceConfig } from './SourceConfig.js';

export interface SourcesFromConfigOptions {
  /** The stored cursor of (source id, resource): `store.readCursor`. */
  readonly readCursor: FromSyncSourceOptions['readCursor'];
  /** `once`: until caught up. `live`: keep polling every `pollIntervalMs`. */
  readonly mode: 'once' | 'live';
  readonly pollIntervalMs?: number;
  readonly pullTimeoutMs?: number;
  readonly logger?: Logger;
  /** Where `{ "env": NAME }` headers are read. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Retry waits and jitter of HTTP sources (tests). */
  readonly http?: Omit<HttpSourceOptions, 'env'>;
}

/**
 * The configured sources as Observables keyed by source id, ready for `createMirror`: an HTTP
 * source is the merge of its resources; the others are one {@link fromSyncSource} each. Environment
 * references are resolved here, so a missing variable fails before anything is pulled.
 */
export const sourcesFromConfig = (
  sources: readonly SourceConfig[],
  options: SourcesFromConfigOptions,
): Record<string, Observable<SourceEmission>> => {
  const pulling: FromSyncSourceOptions = {
    readCursor: options.readCursor,
    mode: options.mode,
    ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
    ...(options.pullTimeoutMs === undefined ? {} : { pullTimeoutMs: options.pullTimeoutMs }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  };
  const env = options.env ?? process.env;
  const observableOf = (source: SourceConfig): Observable<SourceEmission> => {
    switch (source.type) {
      case 'http':
        return fromHttpSource(source, { ...pulling, ...options.http, env });
      case 'couchdb':
        return fromSyncSource(couchChangesSource(source, { env }), pulling);
      case 'ndjson':
        return fromSyncSource(ndjsonFileSource(source), pulling);
      case 'directory':
        return fromSyncSource(directorySource(source), pulling);
    }
  };
  return Object.fromEntries(sources.map((source) => [source.id, observableOf(source)]));
};
