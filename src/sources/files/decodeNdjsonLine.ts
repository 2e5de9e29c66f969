import type { Delta } from '../../model/Delta.js';
import { deltaOrRejection } from '../../model/decodeDelta.js';
import { rejection, type Rejection } from '../../model/SourceEmission.js';
import type { NumberedLine } from './NumberedLine.js';

/**
 * One line of Delta JSON: its delta, or a rejection at `location` with the line's text and the
 * reasons it failed. An unreadable line (not UTF-8, too long) is rejected as such, never decoded.
 */
export const decodeNdjsonLine = (line: NumberedLine, location: string): Delta | Rejection =>
  line.unreadable === undefined
    ? deltaOrRejection(line.text, location)
    : rejection(location, line.text, [{ path: '', reason: line.unreadable }]);

/** Lines of Delta JSON, each decoded by {@link decodeNdjsonLine} at `locate(n)` (e.g. `line 12`). */
export const decodeNdjsonLines = (
  lines: readonly NumberedLine[],
  locate: (n: number) => string,
): (Delta | Rejection)[] => lines.map((line) => decodeNdjsonLine(line, locate(line.n)));
