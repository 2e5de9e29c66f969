import { LosslessNumber } from 'lossless-json';
import { at, upsert } from '../../src/model/deltaBuilders.js';
import { IN_MEMORY, openStore } from '../../src/store/openStore.js';
import { sync } from '../support/mirrorHarness.js';
import { connectionOf } from '../../src/store/connectionOf.js';

const AT = '2024-05-01T10:00:00Z';

describe('deltas built in code with numbers a double does not keep', () => {
  it('stores bigints and LosslessNumbers with every digit, and reads them back as such', async () => {
    const store = openStore({ path: IN_MEMORY });
    const { report } = await sync(store, {
      s: [
        at(
          upsert(
            't',
            '1',
            { id: 12345678901234567890n, pi: new LosslessNumber('3.14159265358979323846'), n: 5n },
            's',
          ),
          AT,
        ),
      ],
    });
    expect(report.total).toMatchObject({ applied: 1, rejected: 0 });
    expect(connectionOf(store).prepare('SELECT payload FROM mirror_records').pluck().get()).toBe(
      '{"id":12345678901234567890,"n":5,"pi":3.14159265358979323846}',
    );
    expect(store.readRecord('t', '1')?.payload).toEqual({
      id: 12345678901234567890n,
      n: 5, // a bigint within the safe range is the number it equals
      pi: new LosslessNumber('3.14159265358979323846'),
    });
    store.close();
  });

  it('takes 5n for the same delta as 5: a duplicate, applied once', async () => {
    const store = openStore({ path: IN_MEMORY });
    const { report } = await sync(store, {
      a: [at(upsert('t', '1', { n: 5 }, 's'), AT)],
      b: [at(upsert('t', '1', { n: 5n }, 's'), AT)],
    });
    expect(report.total).toMatchObject({ pulled: 2, applied: 1, duplicates: 1 });
    store.close();
  });

  it('exports LosslessNumber and isLosslessNumber from the public surface, to build and recognise them', async () => {
    const api = await import('../../src/index.js');
    const pi = new api.LosslessNumber('3.14159265358979323846');
    expect(api.isLosslessNumber(pi)).toBe(true);
    expect(api.JsonValue.is({ pi, id: 12345678901234567890n })).toBe(true);
  });

  it('still refuses NaN and Infinity, naming the path', async () => {
    const store = openStore({ path: IN_MEMORY });
    const { report } = await sync(store, {
      s: [at(upsert('t', '1', { n: Number.NaN }, 's'), AT), at(upsert('t', '2', { n: 1n }, 's'), AT)],
    });
    expect(report.total).toMatchObject({ applied: 1, rejected: 1 });
    expect(connectionOf(store).prepare('SELECT issues FROM mirror_rejects').pluck().get()).toContain(
      '"path":"payload.n","reason":"expected a finite number, got NaN"',
    );
    store.close();
  });
});
