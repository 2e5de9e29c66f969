import type { Delta } from '../../model/Delta.js';
import type { Rejection } from '../../model/SourceEmission.js';
import { decodeNdjsonLine } from './decodeNdjsonLine.js';
import type { NumberedLine } from './NumberedLine.js';

/**
 * Decodes lines of Delta JSON: a delta per line, or a rejection located by `locate(n)` (e.g.
 * `line 12`) with the line's text and the reasons it failed.
 */
export const decodeNdjsonLines = (
  lines: readonly NumberedLine[],
  locate: (n: number) => string,
): (Delta | Rejection)[] => lines.map((line) => decodeNdjsonLine(line, locate(line.n)));
