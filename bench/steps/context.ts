import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Flags, Step } from '../flags.js';
import type { Machine } from '../machine.js';

/** What every step gets from the orchestrator. */
export interface StepContext {
  readonly flags: Flags;
  readonly machine: Machine;
  /** The command line that ran the suite. */
  readonly command: string;
  /** A fresh temp dir under `--dir`; removed by `done` unless `--keep`. */
  tempDir(name: string): { readonly path: string; done(): void };
  /** Writes `<results>/<step>.json`: the step's results with the command, machine and time around them. */
  writeResult(step: Step, data: unknown): string;
}

/** The commit the measured code came from, and the `src` files that differed from it (read-only git calls). */
export const describeSource = (): { commit: string; uncommittedSrc: string[] } => {
  const git = (...args: string[]): string =>
    execFileSync('git', ['--no-optional-locks', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  try {
    return {
      commit: git('rev-parse', 'HEAD').trim(),
      uncommittedSrc: git('status', '--porcelain', '--', 'src')
        .split('\n')
        .filter((l) => l.length > 0),
    };
  } catch {
    return { commit: 'unknown', uncommittedSrc: [] };
  }
};

/**
 * Formats a results file the way the repository's `prettier --check .` expects, with the project's own
 * prettier (a devDependency) when it is installed; otherwise leaves `JSON.stringify`'s layout.
 */
const prettify = (file: string): void => {
  try {
    const bin = createRequire(import.meta.url).resolve('prettier/bin/prettier.cjs');
    execFileSync(process.execPath, [bin, '--write', '--log-level', 'warn', file], { stdio: 'ignore' });
  } catch {
    // no prettier: the JSON is still valid
  }
};

export const createContext = (flags: Flags, machine: Machine, command: string): StepContext => {
  // Taken when the suite starts, i.e. right after `prebench` compiled what is measured.
  const source = describeSource();
  return {
    flags,
    machine,
    command,
    tempDir: (name) => {
      const path = mkdtempSync(join(flags.dir, `oxide-mirror-bench-${name}-`));
      return {
        path,
        done: () => {
          if (!flags.keep) rmSync(path, { recursive: true, force: true });
        },
      };
    },
    writeResult: (step, data) => {
      mkdirSync(flags.results, { recursive: true });
      const file = join(flags.results, `${step}.json`);
      writeFileSync(
        file,
        `${JSON.stringify({ step, command, finishedAt: new Date().toISOString(), machine, source, ...(data as object) }, null, 2)}\n`,
      );
      prettify(file);
      return file;
    },
  };
};
