import type * as t from 'io-ts';
import { CouchSourceConfig } from '../sources/couchdb/CouchSourceConfig.js';
import { DirectorySourceConfig } from '../sources/files/DirectorySourceConfig.js';
import { NdjsonFileSourceConfig } from '../sources/files/NdjsonFileSourceConfig.js';
import { HttpSourceConfig } from '../sources/http/HttpSourceConfig.js';
import { JetStreamSourceConfig } from '../sources/jetstream/JetStreamSourceConfig.js';
import { taggedUnion } from '../codecs/taggedUnion.js';

/** One source of a mirror config, by its `type`. */
export const SourceConfig = taggedUnion('SourceConfig', 'type', {
  http: HttpSourceConfig,
  couchdb: CouchSourceConfig,
  ndjson: NdjsonFileSourceConfig,
  directory: DirectorySourceConfig,
  jetstream: JetStreamSourceConfig,
});
export type SourceConfig = t.TypeOf<typeof SourceConfig>;
