/**
 * At most `max` requests in flight per host, the rest wait in arrival order. One limiter is shared
 * by all resources of a source; a retry's backoff does not hold a slot.
 */
export class HostLimiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(readonly max: number) {}

  /** Waits for a slot on `host`; resolves with the function that frees it. Rejects if `signal` aborts first. */
  acquire(host: string, signal: AbortSignal): Promise<() => void> {
    signal.throwIfAborted();
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      const queue = this.waiting.get(host);
      const next = queue?.shift();
      if (queue?.length === 0) this.waiting.delete(host);
      if (next !== undefined)
        next(); // the slot passes on: the count stays
      else this.active.set(host, (this.active.get(host) ?? 1) - 1);
    };
    const inUse = this.active.get(host) ?? 0;
    if (inUse < this.max) {
      this.active.set(host, inUse + 1);
      return Promise.resolve(release);
    }
    return new Promise<() => void>((resolve, reject) => {
      const queue = this.waiting.get(host) ?? [];
      const onAbort = (): void => {
        const i = queue.indexOf(grant);
        if (i >= 0) queue.splice(i, 1);
        if (queue.length === 0) this.waiting.delete(host);
        const reason: unknown = signal.reason;
        reject(reason instanceof Error ? reason : new Error(String(reason)));
      };
      const grant = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve(release);
      };
      queue.push(grant);
      this.waiting.set(host, queue);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Requests in flight on `host` now. */
  inFlight(host: string): number {
    return this.active.get(host) ?? 0;
  }
}
