/**
 * Exponential backoff with "equal jitter": the ceiling doubles per retry from `baseDelayMs` up to
 * `maxDelayMs`, and the delay is drawn from its upper half, so retries always wait a while and
 * clients that failed together do not retry together. `random` returns [0, 1) (`Math.random`).
 */
export const backoffDelay = (
  retry: number,
  options: { readonly baseDelayMs: number; readonly maxDelayMs: number },
  random: () => number,
): number => {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
};
