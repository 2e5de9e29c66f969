import { UnknownStrategyError } from '../../src/errors/UnknownStrategyError.js';
import { verifyMirror } from '../../src/replay/verifyMirror.js';
import type { MirrorStore } from '../../src/store/MirrorStore.js';
import { IN_MEMORY, openStore } from '../../src/store/openStore.js';
import { lowerPrice, SHOP_STRATEGIES, shopDeltas } from '../support/lowerPrice.js';
import { sync } from '../support/mirrorHarness.js';
import { connectionOf } from '../../src/store/connectionOf.js';

/** A mirror written with the shop's custom strategy: 8 lower-price events, 3 highest-confidence. */
const shop = async (): Promise<MirrorStore> => {
  const store = openStore({ path: IN_MEMORY });
  await sync(store, { src: shopDeltas() }, { ...SHOP_STRATEGIES, batchSize: 4 });
  return store;
};

describe('verifyMirror of a mirror written with a custom strategy', () => {
  it('throws by default, as replay does, naming the strategy', async () => {
    const store = await shop();
    await expect(verifyMirror(store)).rejects.toBeInstanceOf(UnknownStrategyError);
    await expect(verifyMirror(store)).rejects.toThrow(/unknown conflict strategy "lower-price"/);
  });

  it("with unknownStrategies: 'applyLogged', checks the state and says which events it did not re-decide", async () => {
    const store = await shop();
    expect(await verifyMirror(store, { unknownStrategies: 'applyLogged' })).toEqual({
      ok: true,
      integrity: [],
      events: 11,
      records: 3,
      tombstones: 0,
      diverged: null,
      differences: [],
      redecided: 3,
      takenAsLogged: [{ strategy: 'lower-price', events: 8 }],
    });
  });

  it('re-decides every event when given the strategy', async () => {
    const store = await shop();
    const v = await verifyMirror(store, { strategies: [lowerPrice], unknownStrategies: 'applyLogged' });
    expect(v).toMatchObject({ ok: true, redecided: 11, takenAsLogged: [] });
  });

  it('still finds a stored record its logged decisions do not produce', async () => {
    const store = await shop();
    connectionOf(store)
      .prepare(`UPDATE mirror_records SET payload = '{"price":1}' WHERE record_id = 'p2'`)
      .run();
    const v = await verifyMirror(store, { unknownStrategies: 'applyLogged' });
    expect(v).toMatchObject({ ok: false, diverged: null, redecided: 3 });
    expect(v.differences).toEqual([
      'mirror_records prices/p2: payload is "{\\"price\\":1}", the log gives "{\\"price\\":5,\\"size\\":\\"xl\\"}"',
    ]);
  });

  it('counts what it checked before a divergence stopped the replay', async () => {
    const store = await shop();
    const seq = connectionOf(store)
      .prepare("SELECT seq FROM mirror_events WHERE record_id = 'p2' AND decision = 'merged'")
      .pluck()
      .get() as number;
    connectionOf(store).prepare(`UPDATE mirror_events SET version = 7 WHERE seq = ${seq}`).run();
    const v = await verifyMirror(store, { unknownStrategies: 'applyLogged' });
    expect(v.ok).toBe(false);
    expect(v.diverged).toMatch(
      new RegExp(`^replay diverged at event ${seq}: the log says "merged v7", .* not re-decided`),
    );
    // Every event before the diverging one was checked, and counted; none after it.
    const counted = v.redecided + v.takenAsLogged.reduce((n, t) => n + t.events, 0);
    expect(counted).toBe(seq - 1);
  });
});
