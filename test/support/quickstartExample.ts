import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `examples/quickstart.mjs`: the README's library example, as a file a user runs with node. */
export const QUICKSTART = fileURLToPath(new URL('../../examples/quickstart.mjs', import.meta.url));

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

/** The first ```js block under README's "## Library" heading, as a user would copy it. */
export const readmeLibraryExample = (): string => {
  const lines = readFileSync(README, 'utf8').split('\n');
  const heading = lines.indexOf('## Library');
  const open = lines.findIndex((line, i) => i > heading && line.startsWith('```'));
  const close = lines.findIndex((line, i) => i > open && line === '```');
  if (heading < 0 || open < 0 || close < 0 || lines[open] !== '```js')
    throw new Error('README.md has no ```js block under "## Library"');
  return `${lines.slice(open + 1, close).join('\n')}\n`;
};

/** What the example prints, as the README's comments say: the decisions, the report, the rows. */
export const expectQuickstartOutput = (stdout: string): void => {
  expect(stdout).toMatch(/^applied c1 v1$/m);
  expect(stdout).toMatch(/^applied c2 v1$/m);
  expect(stdout).toMatch(/^skipped c1 v1$/m);
  expect(stdout).toMatch(/pulled: 3,\s+applied: 2,\s+merged: 0,\s+skipped: 1,/);
  expect(stdout).toMatch(
    /\[\s*\{ record_id: 'c1', plan: 'pro' \},\s*\{ record_id: 'c2', plan: 'free' \}\s*\]/,
  );
};
