import { runCli } from './cli.js';

/** The "Usage: " title the help prints its usage line after. */
const USAGE_TITLE = 'Usage: ';

/** The help of `oxide-mirror ...command --help`, which must succeed. */
export const helpOf = (command: readonly string[]): string => {
  const run = runCli([...command, '--help']);
  if (run.status !== 0 || run.stderr !== '') {
    throw new Error(`${command.join(' ')} --help: exit ${run.status}, stderr ${run.stderr}`);
  }
  return run.stdout;
};

/** The lines of a help section ("Commands:", "Options:"), up to the blank line that ends it. */
const section = (help: string, title: string): string[] => {
  const lines = help.split('\n');
  const start = lines.indexOf(title);
  if (start < 0) return [];
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end < 0 ? undefined : end);
};

/** The names a help lists under "Commands:" (a name starts a line; wrapped summaries are indented further). */
export const commandsListed = (help: string): string[] =>
  section(help, 'Commands:')
    .filter((line) => /^ {2}\S/.test(line))
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name !== 'help');

/** Every command and subcommand of the real CLI, as their help lists them: `['ingest']`, `['cursors', 'reset']`. */
export const everyCommand = (): string[][] => {
  const walk = (path: string[]): string[][] =>
    commandsListed(helpOf(path)).flatMap((name) => [[...path, name], ...walk([...path, name])]);
  return walk([]);
};

/**
 * A help's usage lines (`Usage: ` up to the first blank line) as the README shows them: without the
 * title, and the continuation lines moved left by its width, so that they still align.
 */
export const usageLines = (help: string): string[] => {
  const lines = help.split('\n');
  const end = lines.indexOf('');
  const usage = lines.slice(0, end);
  if (!usage[0]?.startsWith(USAGE_TITLE)) throw new Error(`no usage line in:\n${help}`);
  return usage.map((line, i) =>
    i === 0 ? line.slice(USAGE_TITLE.length) : line.replace(new RegExp(`^ {${USAGE_TITLE.length}}`), ''),
  );
};

/** The long flags a help lists under "Options:" and "Global Options:", without `--help`. */
export const optionsListed = (help: string): string[] =>
  [...section(help, 'Options:'), ...section(help, 'Global Options:')]
    .flatMap((line) => /^ {2}(?:-\w, )?(--[\w-]+)/.exec(line)?.[1] ?? [])
    .filter((flag) => flag !== '--help');
