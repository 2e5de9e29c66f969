import * as t from 'io-ts';
import { closedObject } from '../../codecs/closedObject.js';
import { NonEmptyString } from '../../codecs/scalars.js';
import { Name } from '../../model/ResourceName.js';

/** The file name suffix a directory source reads, by default. */
export const DEFAULT_DIRECTORY_PATTERN = '.ndjson';

/**
 * A directory of newline-delimited Delta JSON files, read in name order: see {@link directorySource}.
 * `pattern` is a file name suffix (default {@link DEFAULT_DIRECTORY_PATTERN}).
 */
export const DirectorySourceConfig = closedObject(
  'DirectorySourceConfig',
  { type: t.literal('directory'), id: Name, path: NonEmptyString },
  { pattern: NonEmptyString },
);
export type DirectorySourceConfig = t.TypeOf<typeof DirectorySourceConfig>;
