import { stringify } from 'lossless-json';

/** A parse's outcome, comparable: its value (types included: 5 is not 5n), its key order, or its error. */
export const parseOutcome = (parse: (text: string) => unknown, text: string): unknown => {
  try {
    const value = parse(text);
    return { value, text: stringify(value) };
  } catch (err) {
    return { error: `${(err as Error).name}: ${(err as Error).message}` };
  }
};
