import * as E from 'fp-ts/lib/Either.js';
import type { Delta } from '../../model/Delta.js';
import { decodeDeltaLine } from '../../model/decodeDelta.js';
import { rejection, type Rejection } from '../../model/SourceEmission.js';
import type { NumberedLine } from './readNdjsonPage.js';

/**
 * Decodes lines of Delta JSON: a delta per line, or a rejection located by `locate(n)` (e.g.
 * `line 12`) with the line's text and the reasons it failed.
 */
export const decodeNdjsonLines = (
  lines: readonly NumberedLine[],
  locate: (n: number) => string,
): (Delta | Rejection)[] =>
  lines.map(({ n, text }) => {
    const location = locate(n);
    const decoded = decodeDeltaLine(text, location);
    return E.isRight(decoded) ? decoded.right : rejection(location, text, decoded.left.issues);
  });
