import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The prefix of a child's result line, so stray output cannot be mistaken for it. */
export const RESULT_PREFIX = 'BENCH_RESULT ';

/** A compiled bench script next to this one (`dist-bench/bench/<name>.js`). */
export const benchScript = (name: string): string =>
  join(dirname(fileURLToPath(import.meta.url)), `${name}.js`);

/** Prints a child's result line (one JSON object on one line). */
export const printResult = (result: unknown): void => {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
};

/**
 * Runs `node ...nodeArgs <script> ...args` in a child process (its stderr goes to ours), waits, and
 * returns the JSON of its result line. One process per run: its `maxRSS` is its own, and no JIT or
 * heap state carries over from one run to the next.
 */
export const runChild = <T>(
  script: string,
  args: readonly string[],
  what: string,
  nodeArgs: readonly string[] = [],
): T => {
  const child = spawnSync(process.execPath, [...nodeArgs, script, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 256 * 2 ** 20,
  });
  if (child.status !== 0) {
    throw new Error(
      `${what}: child failed (status ${String(child.status)}, signal ${String(child.signal)})\n${child.stdout}`,
    );
  }
  const line = child.stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (line === undefined) throw new Error(`${what}: child printed no result:\n${child.stdout}`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as T;
};
