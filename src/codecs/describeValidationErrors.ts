import * as t from 'io-ts';
import type { DecodeIssue } from '../errors/DecodeError.js';
import { jsonText } from './jsonText.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const MAX_SHOWN = 60;

const show = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value); // JSON would say null
  // A long string is cut before it is quoted: a 60 MB one is not copied to show 60 characters.
  let text = jsonText(typeof value === 'string' ? value.slice(0, MAX_SHOWN + 1) : value);
  text ??= Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value;
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
};

const pathOf = (context: t.Context, root: string): string => {
  let path = root;
  for (let i = 1; i < context.length; i++) {
    const entry = context[i];
    const parent = context[i - 1]?.type;
    if (entry === undefined || entry.key === '') continue;
    if (parent instanceof t.UnionType || parent instanceof t.IntersectionType) continue;
    if (
      parent instanceof t.ArrayType ||
      parent instanceof t.ReadonlyArrayType ||
      parent instanceof t.TupleType ||
      Array.isArray(context[i - 1]?.actual)
    ) {
      path += `[${entry.key}]`;
    } else if (IDENTIFIER.test(entry.key)) {
      path += path === '' ? entry.key : `.${entry.key}`;
    } else {
      path += `[${JSON.stringify(entry.key)}]`;
    }
  }
  return path;
};

/**
 * Turns io-ts validation errors into short, readable issues: `deltas[3].occurred_at: expected an
 * RFC 3339 timestamp …, got "yesterday"`. One issue per path; never dumps the whole type or input.
 */
export const describeValidationErrors = (errors: t.Errors, root = ''): DecodeIssue[] => {
  const byPath = new Map<string, DecodeIssue>();
  for (const error of errors) {
    const path = pathOf(error.context, root);
    if (byPath.has(path)) continue;
    const last = error.context[error.context.length - 1];
    const expected = error.message ?? `expected ${last?.type.name ?? 'a value'}`;
    const reason =
      error.value === undefined ? `missing (${expected})` : `${expected}, got ${show(error.value)}`;
    byPath.set(path, { path, reason });
  }
  return [...byPath.values()];
};
