import type { Logger } from 'pino';
import { SourceTimeoutError } from '../errors/SourceTimeoutError.js';
import type { Page, SyncSource } from '../sources/SyncSource.js';

/**
 * One pull of a source's first page, from no cursor, as sync's first run makes it: the page, or
 * what it failed with. Bounded by `timeoutMs` (the config's `pullTimeoutMs`): past it the pull is
 * aborted and ends with a {@link SourceTimeoutError}, even if the source ignores its signal. The
 * cursor the page returns is dropped: a check stores nothing.
 */
export const pullFirstPage = async (
  source: SyncSource,
  id: string,
  options: { readonly timeoutMs: number; readonly logger: Logger | undefined },
): Promise<{ readonly page: Page } | { readonly error: unknown }> => {
  const controller = new AbortController();
  const timedOut = new SourceTimeoutError(id, source.resource, undefined, options.timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(timedOut);
      reject(timedOut);
    }, options.timeoutMs);
  });
  try {
    const logger = options.logger?.child({ source: id, resource: source.resource });
    const page = await Promise.race([
      source.pull(undefined, { signal: controller.signal, logger }),
      deadline,
    ]);
    return { page };
  } catch (error) {
    return { error: controller.signal.aborted ? timedOut : error };
  } finally {
    clearTimeout(timer);
  }
};
