import { EventEmitter } from 'node:events';
import { INTERRUPTED_EXIT_CODE, stopOnSignals } from '../../src/cli/stopOnSignals.js';

/** A process stand-in: signals are events; what the mechanism does is recorded in order. */
const harness = () => {
  const proc = new EventEmitter();
  const calls: string[] = [];
  const stop = stopOnSignals({
    signals: proc as unknown as Pick<NodeJS.Process, 'on' | 'off'>,
    stop: (signal) => calls.push(`stop ${signal}`),
    announceExit: (signal) => calls.push(`announce ${signal}`),
    exit: (code) => calls.push(`exit ${code}`),
  });
  return { proc, calls, stop };
};

describe('stopOnSignals (the stop of ingest and sync)', () => {
  it('stops gracefully on the first signal, and exits 130 on the second while that stop is still going', () => {
    const { proc, calls, stop } = harness();
    proc.emit('SIGTERM', 'SIGTERM');
    expect(calls).toEqual(['stop SIGTERM']);
    expect(stop.stoppedBy()).toBe('SIGTERM');
    // The graceful stop has not finished (no dispose yet): a second signal does not wait for it.
    proc.emit('SIGINT', 'SIGINT');
    expect(calls).toEqual(['stop SIGTERM', 'announce SIGINT', `exit ${INTERRUPTED_EXIT_CODE}`]);
    expect(INTERRUPTED_EXIT_CODE).toBe(130);
  });

  it('keeps listening for one more turn after dispose, so a signal delivered during the report still exits 130', async () => {
    const { proc, calls, stop } = harness();
    proc.emit('SIGINT', 'SIGINT');
    stop.dispose();
    proc.emit('SIGINT', 'SIGINT'); // arrived while the last commit and the report held the thread
    expect(calls).toEqual(['stop SIGINT', 'announce SIGINT', 'exit 130']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(proc.listenerCount('SIGINT')).toBe(0);
    expect(proc.listenerCount('SIGTERM')).toBe(0);
  });
});
