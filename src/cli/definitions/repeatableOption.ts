import { Option } from '@commander-js/extra-typings';

const REPEATABLE = new WeakSet<object>();

/**
 * An option that may be given more than once (`--param a --param b`): each value is parsed by `parse`
 * and collected in order. Not commander's variadic `<VALUE...>`, which would also swallow the
 * positional arguments after it. The synopsis shows it with `...` ({@link isRepeatable}).
 */
export const repeatableOption = <Flags extends string, T>(
  flags: Flags,
  description: string,
  parse: (value: string) => T,
) => {
  const option = new Option(flags, description).argParser(
    (value: string, previous: readonly T[] | undefined): readonly T[] => [...(previous ?? []), parse(value)],
  );
  REPEATABLE.add(option);
  return option;
};

/** Whether an option was made by {@link repeatableOption}. */
export const isRepeatable = (option: object): boolean => REPEATABLE.has(option);
