import type { DecodeIssue } from '../errors/DecodeError.js';

/** Decode issues in one line for a message: `data[3].updated_at: expected …; meta.next: expected …`. */
export const formatIssues = (issues: readonly DecodeIssue[]): string =>
  issues.map((i) => (i.path === '' ? i.reason : `${i.path}: ${i.reason}`)).join('; ');
