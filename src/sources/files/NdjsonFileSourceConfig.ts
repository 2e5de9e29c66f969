import * as t from 'io-ts';
import { closedObject } from '../../codecs/closedObject.js';
import { NonEmptyString } from '../../codecs/scalars.js';
import { Name } from '../../model/ResourceName.js';

/** One newline-delimited Delta JSON file (the `ingest` format), read incrementally: see {@link ndjsonFileSource}. */
export const NdjsonFileSourceConfig = closedObject(
  'NdjsonFileSourceConfig',
  { type: t.literal('ndjson'), id: Name, path: NonEmptyString },
  {},
);
export type NdjsonFileSourceConfig = t.TypeOf<typeof NdjsonFileSourceConfig>;
