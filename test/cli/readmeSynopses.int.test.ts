import { readFileSync } from 'node:fs';
import { everyCommand, helpOf, optionsListed, usageLines } from '../support/cliHelp.js';

/**
 * README's CLI section is one fenced block of every command's synopsis, exactly as `--help` prints it
 * as its usage line (without the "Usage: " title); no other synopsis is written anywhere in README.
 * So a flag added, renamed or removed fails this test until README says so.
 */
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The fenced block right under "## CLI". */
const cliBlock = (): { readonly lines: string[]; readonly start: number; readonly end: number } => {
  const lines = README.split('\n');
  const heading = lines.indexOf('## CLI');
  const start = lines.indexOf('```', heading) + 1;
  const end = lines.indexOf('```', start);
  if (heading < 0 || start === 0 || end < 0) throw new Error('README has no fenced block under "## CLI"');
  return { lines: lines.slice(start, end), start, end };
};

const COMMANDS = everyCommand();
const HELP = new Map(COMMANDS.map((command) => [command.join(' '), helpOf(command)]));
const helpText = (command: readonly string[]): string => HELP.get(command.join(' ')) ?? '';

describe('README’s CLI synopses are the real --help usage lines', () => {
  it('lists every command the CLI has, in its order, each as its --help prints it', () => {
    expect(COMMANDS.length).toBeGreaterThanOrEqual(10);
    expect(cliBlock().lines.join('\n')).toBe(
      COMMANDS.flatMap((command) => usageLines(helpText(command))).join('\n'),
    );
  });

  it.each(COMMANDS.map((c) => [c.join(' '), c]))('shows every option %s --help lists', (_, command) => {
    const synopsis = usageLines(helpText(command)).join(' ');
    const readme = cliBlock().lines.join('\n');
    expect(readme).toContain(usageLines(helpText(command)).join('\n'));
    for (const flag of optionsListed(helpText(command)))
      expect(synopsis).toMatch(new RegExp(`[[ ]${flag}[ \\]]`));
  });

  it('has no other synopsis, which could drift', () => {
    const { start, end } = cliBlock();
    const names = COMMANDS.map((c) => c[0]).join('|');
    const synopsis = new RegExp(`oxide-mirror (${names})\\b[^\`\\n]*\\[`);
    const others = README.split('\n').filter((line, i) => (i < start || i >= end) && synopsis.test(line));
    expect(others).toEqual([]);
  });
});
