import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, type CliResult } from './cli.js';

export interface SpawnedCli {
  readonly child: ChildProcess;
  /** Resolves when the process exits, with its status and whole output. */
  readonly done: Promise<CliResult & { readonly signal: NodeJS.Signals | null }>;
  /** What it wrote so far. */
  readonly output: { stdout: string; stderr: string };
}

/**
 * Runs the built CLI without blocking this process (unlike `runCli`), so a server in the same test
 * process can answer it, and the test can signal or kill it. `env` adds to this process's environment
 * (a key set to undefined removes it).
 */
export const spawnCli = (
  args: readonly string[],
  options: {
    env?: Record<string, string | undefined>;
    cwd?: string;
    /** `pipe`: the test writes the CLI's stdin (`child.stdin`), and may keep it open. */
    stdin?: 'ignore' | 'pipe';
  } = {},
): SpawnedCli => {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: Object.fromEntries(
      Object.entries({ ...process.env, ...options.env }).filter(([, value]) => value !== undefined),
    ),
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, ...output }));
  });
  return { child, done, output };
};
