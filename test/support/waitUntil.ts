/** Polls `condition` every `everyMs` until it holds; rejects with `what` after `timeoutMs`. */
export const waitUntil = async (
  what: string,
  condition: () => boolean,
  { timeoutMs = 15_000, everyMs = 10 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
};
