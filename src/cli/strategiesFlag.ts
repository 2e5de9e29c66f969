import { CliUsageError } from './CliUsageError.js';

/** The one `--strategies MODULE` of `replay` and `verify`, if given. */
export const strategiesFlag = (given: readonly string[] | undefined): string | undefined => {
  if (given === undefined) return undefined;
  if (given.length > 1) {
    throw new CliUsageError(
      `--strategies given ${given.length} times; pass one module (it can re-export the others' strategies)`,
    );
  }
  return given[0];
};
