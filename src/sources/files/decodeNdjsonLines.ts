import type { Delta } from '../../model/Delta.js';
import { deltaOrRejection } from '../../model/decodeDelta.js';
import type { Rejection } from '../../model/SourceEmission.js';
import type { NumberedLine } from './readNdjsonPage.js';

/**
 * Decodes lines of Delta JSON: a delta per line, or a rejection located by `locate(n)` (e.g.
 * `line 12`) with the line's text and the reasons it failed.
 */
export const decodeNdjsonLines = (
  lines: readonly NumberedLine[],
  locate: (n: number) => string,
): (Delta | Rejection)[] => lines.map(({ n, text }) => deltaOrRejection(text, locate(n)));
