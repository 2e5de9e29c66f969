import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { DecodeError } from '../errors/DecodeError.js';
import { describeValidationErrors } from '../codecs/describeValidationErrors.js';
import { MirrorConfig } from './MirrorConfig.js';

/**
 * Decodes a parsed config file. @throws {DecodeError} located at `location` (the file), with one
 * issue per wrong field: `mirror.config.json: sources[1].resources[0].paging.type: expected one of
 * "cursor" | "link" | "page" | "offset", got "pages"`.
 */
export const decodeMirrorConfig = (value: unknown, location: string): MirrorConfig =>
  pipe(
    MirrorConfig.decode(value),
    E.getOrElseW((errors): never => {
      throw new DecodeError(location, describeValidationErrors(errors), value);
    }),
  );

/** Parses and decodes the text of a config file. @throws {DecodeError} for bad JSON or a wrong field. */
export const parseMirrorConfig = (text: string, location: string): MirrorConfig => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new DecodeError(
      location,
      [{ path: '', reason: `not valid JSON (${(cause as Error).message})` }],
      text,
      { cause },
    );
  }
  return decodeMirrorConfig(value, location);
};
