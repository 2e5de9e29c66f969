import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { expectQuickstartOutput, QUICKSTART, readmeLibraryExample } from '../support/quickstartExample.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();

describe('the README library example (examples/quickstart.mjs)', () => {
  it('is, character for character, the file examples/quickstart.mjs', () => {
    expect(readmeLibraryExample()).toBe(readFileSync(QUICKSTART, 'utf8'));
  });

  it('runs with plain node (the package imported by its name, from dist/) and prints what its comments say', () => {
    const run = spawnSync(process.execPath, [QUICKSTART], { cwd: tmp.path('.'), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expectQuickstartOutput(run.stdout);
    expect(existsSync(tmp.path('mirror.db'))).toBe(true); // relative to the working directory
  });
});
