import { from, Observable, take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { StrategyError } from '../../src/errors/StrategyError.js';
import type { DecidedBatch, DecidedDelta, DecidedItem } from '../../src/model/DecidedBatch.js';
import type { MirrorItem } from '../../src/model/MirrorItem.js';
import type { MirroredRecord, Tombstone } from '../../src/model/MirroredRecord.js';
import type { RecordId } from '../../src/model/RecordId.js';
import type { Timestamp } from '../../src/model/Timestamp.js';
import {
  conflictResolver,
  resolveConflicts,
  type ResolveConflictsOptions,
} from '../../src/operators/resolveConflicts.js';
import { apply, defineStrategy, skip, type ConflictStrategy } from '../../src/strategies/ConflictStrategy.js';
import { highestConfidence } from '../../src/strategies/highestConfidence.js';
import { lastWriteWins } from '../../src/strategies/lastWriteWins.js';
import { mergeJson } from '../../src/strategies/mergeJson.js';
import { collectSync } from '../support/collectSync.js';
import { checkpointItem, deltaItem, rejectItem } from '../support/items.js';

const AT = '2024-05-01T12:00:00.000000000Z' as Timestamp;

/** A store of committed records held in a map, as the reads the writer would hand the resolver. */
const givenStored = (records: readonly MirroredRecord[] = [], tombstones: readonly Tombstone[] = []) => {
  const byId = new Map(records.map((r) => [`${r.resource}/${r.record_id}`, r]));
  const dead = new Map(tombstones.map((t) => [`${t.resource}/${t.record_id}`, t]));
  return {
    readRecord: (resource: string, id: string) => byId.get(`${resource}/${id}`),
    readTombstone: (resource: string, id: string) => dead.get(`${resource}/${id}`),
  };
};

const stored = (id: string, fields: Partial<MirroredRecord> = {}): MirroredRecord => ({
  resource: 'contacts',
  record_id: id as RecordId,
  payload: { name: id },
  source: 'crm',
  last_synced_at: AT,
  confidence: 1,
  version: 1,
  occurred_at: '2024-05-01T11:00:00.000000000Z' as Timestamp,
  delta_key: 'old',
  ...fields,
});

const options = (
  strategy: ConflictStrategy,
  reads = givenStored(),
  extra: Partial<ResolveConflictsOptions> = {},
): ResolveConflictsOptions => ({ strategyFor: () => strategy, ...reads, stampBatch: () => AT, ...extra });

const decided = (items: readonly DecidedItem[]): DecidedDelta[] =>
  items.filter((i): i is DecidedDelta => i.kind === 'decided');

describe('resolveConflicts (the operator) and conflictResolver (what the writer decides with)', () => {
  it('decides each delta against the stored record: a newer one applies at the next version, an older one is skipped', () => {
    const reads = givenStored([stored('c1', { version: 4 })]);
    const newer = deltaItem({ recordId: 'c1', at: 0 }); // 12:00, after the stored 11:00
    const older = deltaItem({ recordId: 'c1', at: -2 * 3_600_000 }); // 10:00
    const [batch] = collectSync(from([[newer, older]]).pipe(resolveConflicts(options(lastWriteWins, reads))));
    expect(decided(batch!.items).map((d) => [d.decision, d.version])).toEqual([
      ['applied', 5],
      ['skipped', 5],
    ]);
    expect(decided(batch!.items)[0]!.after).toMatchObject({
      version: 5,
      last_synced_at: AT,
      delta_key: newer.key,
    });
  });

  it('decides against the batch’s own earlier deltas, not only what is stored (an overlay per batch)', () => {
    const first = deltaItem({ recordId: 'n', at: 0, payload: { a: 1 } });
    const second = deltaItem({ recordId: 'n', at: 1_000, payload: { b: 2 } });
    const { items } = conflictResolver(options(mergeJson)).decideBatch([first, second]);
    expect(decided(items).map((d) => [d.decision, d.version, d.mergedJson])).toEqual([
      ['applied', 1, undefined],
      ['merged', 2, '{"a":1,"b":2}'],
    ]);
    expect(decided(items)[1]!.after?.payload).toEqual({ a: 1, b: 2 });
  });

  it('produces what the writer writes: the record after an upsert, the tombstone after a delete', () => {
    const reads = givenStored([stored('gone', { version: 2 })]);
    const removal = deltaItem({ recordId: 'gone', op: 'delete', at: 0 });
    const [d] = decided(conflictResolver(options(lastWriteWins, reads)).decideBatch([removal]).items);
    expect(d).toMatchObject({ decision: 'applied', version: 3, recordExisted: true, after: undefined });
    expect(d!.tombstoneAfter).toEqual({
      resource: 'contacts',
      record_id: 'gone',
      source: 'crm',
      confidence: 1,
      version: 3,
      occurred_at: removal.delta.occurred_at,
      delta_key: removal.key,
    });
  });

  it('uses each resource’s own strategy', () => {
    const reads = givenStored([
      stored('c1', { confidence: 0.9 }),
      stored('p1', { resource: 'pets', confidence: 0.9 }),
    ]);
    const strategyFor = (resource: string) => (resource === 'pets' ? highestConfidence : lastWriteWins);
    const batch = [
      deltaItem({ recordId: 'c1', confidence: 0.1 }),
      deltaItem({ resource: 'pets', recordId: 'p1', confidence: 0.1 }),
    ];
    const { items } = conflictResolver({ ...reads, strategyFor, stampBatch: () => AT }).decideBatch(batch);
    expect(decided(items).map((d) => [d.strategy, d.decision])).toEqual([
      ['last-write-wins', 'applied'],
      ['highest-confidence', 'skipped'],
    ]);
  });

  it('passes checkpoints and rejects through in place, as the same objects', () => {
    const k = checkpointItem('crm', 'c9');
    const x = rejectItem('crm', 'line 2');
    const d = deltaItem({ recordId: 'r' });
    const { items, decidedAt } = conflictResolver(options(lastWriteWins)).decideBatch([k, d, x]);
    expect(items[0]).toBe(k);
    expect(items[1]?.kind).toBe('decided');
    expect(items[2]).toBe(x);
    expect(decidedAt).toBe(AT);
  });

  it('refuses in place a delta its strategy cannot decide, and decides the rest as if it had not come', () => {
    const picky = defineStrategy('picky', (incoming) => {
      if (incoming.record_id === 'bad') throw new Error('no');
      return apply;
    });
    const batch = [
      deltaItem({ recordId: 'bad' }),
      deltaItem({ recordId: 'bad', at: 5 }),
      deltaItem({ recordId: 'ok' }),
    ];
    const { items } = conflictResolver(options(picky)).decideBatch(batch);
    expect(items.map((i) => i.kind)).toEqual(['refused', 'refused', 'decided']);
    expect(items[0]).toMatchObject({ stage: 'decide', error: expect.any(StrategyError) });
    expect((items[0] as { error: Error }).error.message).toBe(
      'strategy picky failed for contacts/bad: it threw (no)',
    );
  });

  it('refuses an answer that is not a resolution, and a merge answered for a delete', () => {
    const garbage = defineStrategy('garbage', () => 'yes' as never);
    const mergesDeletes = defineStrategy('mergy', () => ({ kind: 'applyMerged', payload: {} }));
    const resolveWith = (s: ConflictStrategy, item: MirrorItem) =>
      conflictResolver(options(s)).decideBatch([item]).items[0];
    expect(resolveWith(garbage, deltaItem())).toMatchObject({
      kind: 'refused',
      error: {
        message: 'strategy garbage failed for contacts/r1: answered "yes", not apply/skip/applyMerged',
      },
    });
    expect(resolveWith(mergesDeletes, deltaItem({ op: 'delete' }))).toMatchObject({
      kind: 'refused',
      error: { message: 'strategy mergy failed for contacts/r1: answered applyMerged for a delete' },
    });
  });

  it('throws the strategy’s failure instead with onRefusal: fail', () => {
    const boom = defineStrategy('boom', () => {
      throw new Error('kaput');
    });
    const decide = () =>
      conflictResolver(options(boom, givenStored(), { onRefusal: 'fail' })).decideBatch([deltaItem()]);
    expect(decide).toThrow(StrategyError);
    expect(decide).toThrow('strategy boom failed for contacts/r1: it threw (kaput)');
  });

  it('decides one delta against the reads alone (decideOne), at the time it is given', () => {
    const reads = givenStored([stored('c1', { version: 7 })]);
    const when = '2030-01-01T00:00:00.000000000Z' as Timestamp;
    const result = conflictResolver(options(lastWriteWins, reads)).decideOne(
      deltaItem({ recordId: 'c1' }),
      when,
    );
    expect(result).toMatchObject({ kind: 'decided', version: 8, after: { last_synced_at: when } });
  });

  it('hands a strategy the incoming key, and skips the very delta that wrote the record', () => {
    const again = deltaItem({ recordId: 'c1' });
    const reads = givenStored([stored('c1', { occurred_at: again.delta.occurred_at, delta_key: again.key })]);
    const [d] = decided(conflictResolver(options(lastWriteWins, reads)).decideBatch([again]).items);
    expect(d).toMatchObject({ decision: 'skipped', reason: 'same delta as the stored version' });
  });

  describe('as an operator', () => {
    const newScheduler = (): TestScheduler =>
      new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const keep = defineStrategy('keep', () => skip('kept'));
    const a = [deltaItem({ recordId: 'a' })];
    const b = [deltaItem({ recordId: 'b' })];
    const decide = (batch: readonly MirrorItem[]): DecidedBatch =>
      conflictResolver(options(keep)).decideBatch(batch);

    it('emits one decided batch per batch, and completes with its source', () => {
      newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const source = cold('a b |', { a, b });
        expectObservable(source.pipe(resolveConflicts(options(keep)))).toBe('A B |', {
          A: decide(a),
          B: decide(b),
        });
        expectSubscriptions(source.subscriptions).toBe('^ - !');
      });
    });

    it('emits nothing for a source that never emits, and completes with an empty one', () => {
      newScheduler().run(({ cold, expectObservable }) => {
        expectObservable(cold<MirrorItem[]>('-').pipe(resolveConflicts(options(keep)))).toBe('-');
        expectObservable(cold<MirrorItem[]>('|').pipe(resolveConflicts(options(keep)))).toBe('|');
      });
    });

    it('forwards a source error, and errors with a strategy failure under onRefusal: fail', () => {
      const boom = defineStrategy('boom', () => {
        throw new Error('kaput');
      });
      newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const failing = cold('a #', { a }, new Error('down'));
        expectObservable(failing.pipe(resolveConflicts(options(keep)))).toBe(
          'A #',
          { A: decide(a) },
          new Error('down'),
        );
        const source = cold('a b |', { a, b });
        expectObservable(
          source.pipe(resolveConflicts(options(boom, givenStored(), { onRefusal: 'fail' }))),
        ).toBe('#', undefined, expect.any(StrategyError));
        expectSubscriptions(source.subscriptions).toBe('(^!)');
      });
    });

    it('unsubscribes from its source when unsubscribed early', () => {
      newScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
        const source = hot('-a-b-', { a, b });
        expectObservable(source.pipe(resolveConflicts(options(keep))), '--!').toBe('-A', { A: decide(a) });
        expectSubscriptions(source.subscriptions).toBe('^-!');
      });
    });

    it('stops a synchronous source when a downstream take has what it needs', () => {
      let produced = 0;
      const source = new Observable<MirrorItem[]>((subscriber) => {
        for (let i = 0; i < 5 && !subscriber.closed; i++) {
          produced++;
          subscriber.next(a);
        }
        subscriber.complete();
      });
      expect(collectSync(source.pipe(resolveConflicts(options(keep)), take(1)))).toHaveLength(1);
      expect(produced).toBe(1);
    });
  });
});
