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
