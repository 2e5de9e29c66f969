import { Writable } from 'node:stream';
import { jest } from '@jest/globals';
import { pino } from 'pino';
import { LIVE_REFRESH_MS } from '../../src/cli/liveDisplay.js';
import { PROGRESS_LOG_MS, startSyncProgress } from '../../src/cli/syncProgress.js';
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

  it('on a terminal, redraws a table in place a few times a second, with the pull rate; stopped, it stays', () => {
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
    expect(tty.chunks).toEqual([
      'source  pulled  applied  rejected  rate/s\n' +
        'crm          0        1         2       0\n' +
        'idle         0        0         0       0\n',
    ]);
    report = reportWith(500, 400);
    clock += LIVE_REFRESH_MS;
    jest.advanceTimersByTime(LIVE_REFRESH_MS);
    expect(tty.chunks).toHaveLength(2);
    expect(tty.chunks[1]).toMatch(/\u001b\[\d*A/); // back up over what was drawn before
    expect(tty.chunks[1]).toContain('crm        500      401         2    2000');
    progress.print('oxide-mirror: SIGINT: stopping');
    expect(tty.chunks.slice(2).join('')).toMatch(/oxide-mirror: SIGINT: stopping\n(.|\n)*source  pulled/);
    progress.stop();
    const written = tty.chunks.length;
    jest.advanceTimersByTime(10 * LIVE_REFRESH_MS);
    expect(tty.chunks).toHaveLength(written); // stopped: never redrawn over what prints next
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
