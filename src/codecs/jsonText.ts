import { stringify } from 'lossless-json';

/**
 * Any value as JSON text for a message or a reject row, bigints and `LosslessNumber`s with all their
 * digits (where `JSON.stringify` throws on a bigint); `undefined` for what JSON cannot write (a cycle,
 * `undefined`, a function) or what is too deep for the stack.
 */
export const jsonText = (value: unknown): string | undefined => {
  try {
    return stringify(value);
  } catch {
    return undefined;
  }
};
