import { Writable } from 'node:stream';
import { jest } from '@jest/globals';
import { pino } from 'pino';
import { PROGRESS_LOG_MS, PROGRESS_REFRESH_MS, startSyncProgress } from '../../src/cli/syncProgress.js';
import { emptyCounts, type SyncReport } from '../../src/streams/SyncReport.js';

const collector = () => {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { stream, chunks };
};

const reportWith = (pulled: number, applied: number): SyncReport => ({
  total: emptyCounts(),
  bySource: { crm: { ...emptyCounts(), pulled, applied, merged: 1, rejected: 2 } },
  byResource: {},
  cursors: [],
  batches: 0,
});

describe('sync progress', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('on a terminal, redraws a table in place a few times a second, with the pull rate', () => {
    const tty = collector();
    let clock = 0;
    let report = reportWith(0, 0);
    const progress = startSyncProgress({
      sources: ['crm', 'idle'],
      snapshot: () => report,
      tty: tty.stream,
      logger: pino({ level: 'silent' }),
      now: () => clock,
    });
    expect(tty.chunks).toHaveLength(1);
    expect(tty.chunks[0]).toBe(
      '\u001b[2Ksource  pulled  applied  rejected  rate/s\n' +
        '\u001b[2Kcrm          0        1         2       0\n' +
        '\u001b[2Kidle         0        0         0       0\n',
    );
    report = reportWith(500, 400);
    clock += PROGRESS_REFRESH_MS;
    jest.advanceTimersByTime(PROGRESS_REFRESH_MS);
    expect(tty.chunks).toHaveLength(2);
    expect(tty.chunks[1]).toMatch(/^\u001b\[3A/); // back over the three lines drawn before
    expect(tty.chunks[1]).toContain('crm        500      401         2    2000');
    progress.stop();
    expect(tty.chunks).toHaveLength(3);
    jest.advanceTimersByTime(10 * PROGRESS_REFRESH_MS);
    expect(tty.chunks).toHaveLength(3); // stopped
  });

  it('otherwise, logs one pino line per source every few seconds, and once more at the end', () => {
    const out = collector();
    const progress = startSyncProgress({
      sources: ['crm'],
      snapshot: () => reportWith(10, 9),
      tty: undefined,
      logger: pino({ level: 'info' }, out.stream),
    });
    expect(out.chunks).toHaveLength(0);
    jest.advanceTimersByTime(PROGRESS_LOG_MS);
    progress.stop();
    const lines = out.chunks.map((c) => JSON.parse(c) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      msg: 'sync progress',
      source: 'crm',
      pulled: 10,
      applied: 10,
      rejected: 2,
    });
  });
});
