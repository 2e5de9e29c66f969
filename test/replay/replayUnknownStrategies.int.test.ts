import { InvalidOptionsError } from '../../src/errors/InvalidOptionsError.js';
import { ReplayDivergedError } from '../../src/errors/ReplayDivergedError.js';
import { UnknownStrategyError } from '../../src/errors/UnknownStrategyError.js';
import { replayInto } from '../../src/replay/replayInto.js';
import type { ConflictStrategy } from '../../src/strategies/ConflictStrategy.js';
import type { MirrorStore } from '../../src/store/MirrorStore.js';
import { IN_MEMORY, openStore } from '../../src/store/openStore.js';
import { lowerPrice, SHOP_STRATEGIES, shopDeltas } from '../support/lowerPrice.js';
import { events, sync } from '../support/mirrorHarness.js';
import { connectionOf } from '../../src/store/connectionOf.js';
import { fullRecords, tombstones } from '../support/mirrorRows.js';

/** A mirror written by the library with the shop's custom strategy (8 lower-price events, 3 built-in). */
const shop = async (): Promise<MirrorStore> => {
  const store = openStore({ path: IN_MEMORY });
  await sync(store, { src: shopDeltas() }, { ...SHOP_STRATEGIES, batchSize: 3 });
  return store;
};

/** The seq of the first event matching `where`, and changes to the log behind the library's back. */
const seqWhere = (store: MirrorStore, where: string): number =>
  connectionOf(store).prepare(`SELECT min(seq) FROM mirror_events WHERE ${where}`).pluck().get() as number;
const tamper = (store: MirrorStore, sql: string): void => {
  expect(connectionOf(store).prepare(sql).run().changes).toBe(1);
};

const fresh = (): MirrorStore => openStore({ path: IN_MEMORY });

describe('replay of a log that names a strategy it was not given', () => {
  it('fails by default, naming the strategy, the event that names it, and both ways out', async () => {
    const from = await shop();
    const attempt = replayInto({ from, into: fresh() });
    await expect(attempt).rejects.toBeInstanceOf(UnknownStrategyError);
    await expect(replayInto({ from, into: fresh() })).rejects.toThrow(
      'unknown conflict strategy "lower-price"; known: last-write-wins, highest-confidence, keep-local, merge-json ' +
        "(the event log names it at event 1: pass it in `strategies` to re-decide its events, or set `unknownStrategies: 'applyLogged'` to apply their logged decisions as recorded)",
    );
  });

  it("with unknownStrategies: 'applyLogged', applies its logged decisions and rebuilds the same records, tombstones and log", async () => {
    const from = await shop();
    const into = fresh();
    const result = await replayInto({ from, into, unknownStrategies: 'applyLogged' });
    expect(result).toEqual({
      events: 11,
      records: 3,
      redecided: 3,
      takenAsLogged: [{ strategy: 'lower-price', events: 8 }],
    });
    expect(fullRecords(into)).toEqual(fullRecords(from));
    expect(tombstones(into)).toEqual(tombstones(from));
    expect(events(into)).toEqual(events(from));
    // The merged price is there (not the incoming one), and the logged strategy name is kept.
    expect(into.readRecord('prices', 'p2')?.payload).toEqual({ price: 5, size: 'xl' });
    expect(events(into).filter((e) => e.strategy === 'lower-price')).toHaveLength(8);
  });

  it('re-decides every event when given the strategy, and says so', async () => {
    const from = await shop();
    const into = fresh();
    const result = await replayInto({
      from,
      into,
      strategies: [lowerPrice],
      unknownStrategies: 'applyLogged',
    });
    expect(result).toMatchObject({ events: 11, redecided: 11, takenAsLogged: [] });
    expect(fullRecords(into)).toEqual(fullRecords(from));
  });

  it('still re-decides and checks the events of the strategies it knows', async () => {
    const from = await shop();
    const seq = seqWhere(from, "resource = 'notes' AND decision = 'skipped'");
    tamper(
      from,
      `UPDATE mirror_events SET decision = 'applied', version = 3, reason = NULL WHERE seq = ${seq}`,
    );
    await expect(replayInto({ from, into: fresh(), unknownStrategies: 'applyLogged' })).rejects.toThrow(
      `replay diverged at event ${seq}: the log says "applied v3", the strategy now answers "skipped v2" (is the strategy deterministic?)`,
    );
  });

  it('reports a logged version that does not follow from the rebuilt record as a divergence, saying the event was not re-decided', async () => {
    const from = await shop();
    const seq = seqWhere(from, "decision = 'merged'");
    tamper(from, `UPDATE mirror_events SET version = 9 WHERE seq = ${seq}`);
    const attempt = replayInto({ from, into: fresh(), unknownStrategies: 'applyLogged' });
    await expect(attempt).rejects.toBeInstanceOf(ReplayDivergedError);
    await expect(replayInto({ from, into: fresh(), unknownStrategies: 'applyLogged' })).rejects.toThrow(
      `replay diverged at event ${seq}: the log says "merged v9", but that decision taken against the rebuilt record gives "merged v2" ` +
        '(strategy "lower-price" is not known here, so the event was applied as logged, not re-decided: the log contradicts the events before it)',
    );
  });

  it('reports a logged skip the rebuilt record contradicts as a divergence', async () => {
    const from = await shop();
    // The first event of p1 created it (v1); logged as a skip, p1 would not exist, yet the log says v1.
    tamper(from, "UPDATE mirror_events SET decision = 'skipped', reason = 'x' WHERE seq = 1");
    await expect(replayInto({ from, into: fresh(), unknownStrategies: 'applyLogged' })).rejects.toThrow(
      /replay diverged at event 1: the log says "skipped v1", but that decision taken against the rebuilt record gives "skipped v-"/,
    );
  });

  it.each([
    ['missing', 'NULL', 'the logged result payload is missing'],
    ['not a JSON object', "'[10]'", 'the logged result payload is not a JSON object'],
    ['not JSON at all', "'{price'", 'the logged result payload is not a JSON object'],
  ])('reports a logged merge whose result payload is %s as a divergence', async (_, value, why) => {
    const from = await shop();
    const seq = seqWhere(from, "decision = 'merged'");
    tamper(from, `UPDATE mirror_events SET result_payload = ${value} WHERE seq = ${seq}`);
    await expect(replayInto({ from, into: fresh(), unknownStrategies: 'applyLogged' })).rejects.toThrow(
      `replay diverged at event ${seq}: the log says "merged v2", but that decision taken against the rebuilt record gives "no merged payload to write: ${why}"`,
    );
  });

  it('reports a logged merge of a delete as a divergence', async () => {
    const from = await shop();
    const seq = seqWhere(from, "op = 'delete'");
    tamper(from, `UPDATE mirror_events SET decision = 'merged', result_payload = '{}' WHERE seq = ${seq}`);
    await expect(replayInto({ from, into: fresh(), unknownStrategies: 'applyLogged' })).rejects.toThrow(
      `replay diverged at event ${seq}: the log says "merged v4", but that decision taken against the rebuilt record gives "a merge of a delete, which cannot be"`,
    );
  });

  it('writes a logged merge result byte for byte, digits a double cannot hold included', async () => {
    const from = await shop();
    const seq = seqWhere(from, "record_id = 'p2' AND decision = 'merged'");
    const exact = '{"price":5.000000000000000000001,"size":"xl"}';
    tamper(from, `UPDATE mirror_events SET result_payload = '${exact}' WHERE seq = ${seq}`);
    tamper(from, `UPDATE mirror_records SET payload = '${exact}' WHERE record_id = 'p2'`);
    const into = fresh();
    await replayInto({ from, into, unknownStrategies: 'applyLogged' });
    expect(fullRecords(into)).toEqual(fullRecords(from));
  });

  it('re-decided merges must merge to the logged payload, not only answer "merged"', async () => {
    const from = await shop();
    const seq = seqWhere(from, "decision = 'merged'");
    const stamped: ConflictStrategy = {
      name: 'lower-price',
      resolve: (incoming, context) => {
        const r = lowerPrice.resolve(incoming, context);
        return r.kind === 'applyMerged' && typeof r.payload === 'object' && r.payload !== null
          ? { kind: 'applyMerged', payload: { ...r.payload, was: 'cheaper' } }
          : r;
      },
    };
    await expect(replayInto({ from, into: fresh(), strategies: [stamped] })).rejects.toThrow(
      `replay diverged at event ${seq}: the log says "merged v2 with payload {"label":"green tea","price":10}", ` +
        'the strategy now answers "merged v2 with payload {"label":"green tea","price":10,"was":"cheaper"}"',
    );
  });

  it('refuses an unknownStrategies value it does not know', async () => {
    const from = await shop();
    const options = { from, into: fresh(), unknownStrategies: 'guess' as 'fail' };
    await expect(replayInto(options)).rejects.toBeInstanceOf(InvalidOptionsError);
    await expect(replayInto(options)).rejects.toThrow("unknownStrategies: expected 'fail' or 'applyLogged'");
  });
});
