import { statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { causeMessage } from '../errors/describeCause.js';
import { BUILT_IN_STRATEGIES } from '../strategies/builtInStrategies.js';
import type { ConflictStrategy } from '../strategies/ConflictStrategy.js';
import { CliUsageError } from './CliUsageError.js';

/** An export that claims to be a strategy, and where it is (for messages). */
interface Candidate {
  readonly where: string;
  readonly value: unknown;
}

/** Objects with a `resolve` are meant as strategies: a wrong one is refused, not passed over as a helper. */
const looksLikeStrategy = (value: unknown): value is { name?: unknown; resolve?: unknown } =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && 'resolve' in value;

/** Why a candidate is not a strategy, or undefined when it is one. */
const notAStrategy = (value: unknown): string | undefined => {
  if (!looksLikeStrategy(value)) return 'not a conflict strategy (an object { name, resolve })';
  if (typeof value.name !== 'string' || value.name === '')
    return 'its name is not a non-empty string (the name is what the event log records)';
  if (typeof value.resolve !== 'function') return 'its resolve is not a function';
  return undefined;
};

/**
 * One line about a load failure: the cause's class, the first line of its message and, when the
 * module itself threw, where in it (`strategies.js:5:6`, from the stack).
 */
const describeLoadFailure = (cause: unknown, url: string, file: string): string => {
  const message = causeMessage(cause).split('\n')[0] ?? '';
  if (!(cause instanceof Error)) return message;
  const at = cause.stack?.split('\n').find((frame) => frame.includes(`${url}:`));
  const position = at?.slice(at.indexOf(url) + url.length).match(/^:\d+:\d+/)?.[0];
  return `${cause.name}: ${message}${position === undefined ? '' : ` (at ${file}${position})`}`;
};

/**
 * Loads the conflict strategies of `--strategies PATH`: an ES module (`.js` or `.mjs`; PATH absolute
 * or relative to `cwd`) whose named exports, default export, or default-exported array are
 * `{ name, resolve }` objects. Other exports (helpers, constants) are left alone, but an object with
 * a `resolve` must be a whole strategy. Re-exporting a built-in strategy is harmless and ignored.
 *
 * Refuses with a one-line {@link CliUsageError} (exit 2) naming the module and why:
 * a wrong extension, no such file, a module that does not load (with its error), one that exports
 * no strategy or a malformed one, two different strategies under one name, or a strategy named like
 * a built-in with another function. The name is what the event log records and what replay looks
 * up, so one name must mean one function.
 */
export const loadStrategiesModule = async (
  path: string,
  cwd: string,
): Promise<readonly ConflictStrategy[]> => {
  const refusal = (reason: string, cause?: unknown): CliUsageError =>
    new CliUsageError(`--strategies ${path}: ${reason}`, cause === undefined ? {} : { cause });
  const extension = extname(path);
  if (extension !== '.js' && extension !== '.mjs') {
    throw refusal(`expected an ES module file ending in .js or .mjs, got "${extension || 'no extension'}"`);
  }
  const file = resolve(cwd, path);
  const stat = statSync(file, { throwIfNoEntry: false });
  if (stat === undefined) throw refusal(`no such file (looked for ${file})`);
  if (!stat.isFile()) throw refusal(`not a file (${file})`);

  const url = pathToFileURL(file).href;
  let exported: Record<string, unknown>;
  try {
    exported = (await import(url)) as Record<string, unknown>;
  } catch (cause) {
    throw refusal(`the module does not load: ${describeLoadFailure(cause, url, file)}`, cause);
  }

  const candidates: Candidate[] = [];
  for (const [key, value] of Object.entries(exported)) {
    if (key === 'default' && Array.isArray(value)) {
      value.forEach((item: unknown, i) => candidates.push({ where: `default export [${i}]`, value: item }));
    } else if (looksLikeStrategy(value)) {
      candidates.push({ where: key === 'default' ? 'the default export' : `export "${key}"`, value });
    }
  }

  const byName = new Map<string, { readonly strategy: ConflictStrategy; readonly where: string }>();
  let builtIns = 0;
  for (const { where, value } of candidates) {
    const problem = notAStrategy(value);
    if (problem !== undefined) throw refusal(`${where}: ${problem}`);
    const strategy = value as ConflictStrategy;
    const builtIn = BUILT_IN_STRATEGIES.get(strategy.name);
    if (builtIn !== undefined) {
      if (builtIn.resolve !== strategy.resolve) {
        throw refusal(
          `${where} is named "${strategy.name}" like a built-in strategy, with another function; give it a name of its own`,
        );
      }
      builtIns += 1;
      continue;
    }
    const seen = byName.get(strategy.name);
    if (seen !== undefined && seen.strategy.resolve !== strategy.resolve) {
      throw refusal(
        `${seen.where} and ${where} are both named "${strategy.name}", with different functions; give each a name of its own`,
      );
    }
    if (seen === undefined) byName.set(strategy.name, { strategy, where });
  }
  if (byName.size === 0 && builtIns === 0) {
    throw refusal(
      'exports no conflict strategy: expected { name, resolve } objects as named exports, as the default export, or in a default-exported array',
    );
  }
  return [...byName.values()].map((s) => s.strategy);
};
