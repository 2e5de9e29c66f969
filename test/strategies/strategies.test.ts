import type { Delta } from '../../src/model/Delta.js';
import { canonicalJson } from '../../src/model/canonicalJson.js';
import { deltaKey } from '../../src/model/deltaKey.js';
import type { MirroredRecord, Tombstone } from '../../src/model/MirroredRecord.js';
import type { ConflictStrategy, Resolution } from '../../src/strategies/ConflictStrategy.js';
import { highestConfidence } from '../../src/strategies/highestConfidence.js';
import { keepLocal } from '../../src/strategies/keepLocal.js';
import { lastWriteWins } from '../../src/strategies/lastWriteWins.js';
import { mergeJson } from '../../src/strategies/mergeJson.js';
import { selectStrategy } from '../../src/strategies/selectStrategy.js';
import { up, del } from '../support/deltas.js';

const keyOf = (d: Delta): string => deltaKey(d, canonicalJson(d.payload));

const stored = (d: Delta, version = 1): MirroredRecord => ({
  resource: d.resource,
  record_id: d.record_id,
  payload: d.payload,
  source: d.provenance.source,
  last_synced_at: d.occurred_at,
  confidence: d.provenance.confidence,
  version,
  occurred_at: d.occurred_at,
  delta_key: keyOf(d),
});

const given = (current?: Delta, tombstone?: Tombstone) => ({
  when: (strategy: ConflictStrategy, incoming: Delta): Resolution =>
    strategy.resolve(incoming, {
      current: current === undefined ? undefined : stored(current),
      tombstone,
      incomingKey: keyOf(incoming),
    }),
});

describe.each([lastWriteWins, highestConfidence, keepLocal, mergeJson])(
  'every strategy: $name',
  (strategy) => {
    it('applies an upsert when no record exists', () => {
      expect(given().when(strategy, up('pets', '1', { a: 1 })).kind).toBe('apply');
    });
  },
);

describe('lastWriteWins', () => {
  it('applies a newer delta even with lower confidence (original #1)', () => {
    const r = given(up('pets', '1', { a: 1 }, { confidence: 0.9, minute: 1 })).when(
      lastWriteWins,
      up('pets', '1', { a: 2 }, { confidence: 0.1, minute: 2 }),
    );
    expect(r).toEqual({ kind: 'apply' });
  });

  it('skips a late delta older than the stored record', () => {
    const r = given(up('pets', '1', { a: 2 }, { minute: 2 })).when(
      lastWriteWins,
      up('pets', '1', { a: 1 }, { minute: 1 }),
    );
    expect(r.kind).toBe('skip');
  });

  it('breaks ties deterministically: exactly one of two same-instant deltas wins, whichever is stored', () => {
    const a = up('pets', '1', { a: 1 }, { minute: 5 });
    const b = up('pets', '1', { a: 2 }, { minute: 5 });
    const bOverA = given(a).when(lastWriteWins, b).kind;
    const aOverB = given(b).when(lastWriteWins, a).kind;
    expect([bOverA, aOverB].sort()).toEqual(['apply', 'skip']);
  });

  it('refuses to resurrect a record with an upsert older than its delete', () => {
    const d = del('pets', '1', { minute: 10 });
    const tombstone: Tombstone = {
      resource: 'pets',
      record_id: d.record_id,
      source: 'src',
      confidence: 1,
      version: 2,
      occurred_at: d.occurred_at,
      delta_key: keyOf(d),
    };
    expect(
      given(undefined, tombstone).when(lastWriteWins, up('pets', '1', { a: 1 }, { minute: 9 })).kind,
    ).toBe('skip');
    expect(
      given(undefined, tombstone).when(lastWriteWins, up('pets', '1', { a: 1 }, { minute: 11 })).kind,
    ).toBe('apply');
  });
});

describe('highestConfidence (original #2)', () => {
  const current = up('pets', '1', { a: 1 }, { confidence: 0.9 });
  it('skips an incoming 0.5 over a stored 0.9', () => {
    expect(given(current).when(highestConfidence, up('pets', '1', { a: 2 }, { confidence: 0.5 })).kind).toBe(
      'skip',
    );
  });
  it('applies an incoming 0.95', () => {
    expect(given(current).when(highestConfidence, up('pets', '1', { a: 2 }, { confidence: 0.95 })).kind).toBe(
      'apply',
    );
  });
  it('applies on a tie', () => {
    expect(given(current).when(highestConfidence, up('pets', '1', { a: 2 }, { confidence: 0.9 })).kind).toBe(
      'apply',
    );
  });
});

describe('keepLocal (original #3)', () => {
  it('skips when the record exists', () => {
    expect(given(up('pets', '1', { a: 1 })).when(keepLocal, up('pets', '1', { a: 2 })).kind).toBe('skip');
  });
});

describe('mergeJson (original #4)', () => {
  it('deep-merges objects: incoming keys win, missing keys are kept, non-objects are replaced', () => {
    const r = given(up('pets', '1', { a: 1, nested: { x: 1, y: 2 }, list: [1, 2] })).when(
      mergeJson,
      up('pets', '1', { b: 2, nested: { y: 99, z: 3 }, list: [3] }),
    );
    expect(r).toEqual({
      kind: 'applyMerged',
      payload: { a: 1, b: 2, nested: { x: 1, y: 99, z: 3 }, list: [3] },
    });
  });
});

describe('selectStrategy', () => {
  it('uses a resource’s own strategy, else the default; a plain function is a strategy', () => {
    const alwaysSkip = (): Resolution => ({ kind: 'skip', reason: 'no' });
    const select = selectStrategy({ strategy: keepLocal, strategyFor: { pets: alwaysSkip } });
    expect(select('pets').name).toBe('alwaysSkip');
    expect(select('owners')).toBe(keepLocal);
    expect(selectStrategy()('x')).toBe(lastWriteWins);
  });

  it('refuses a custom strategy that reuses a built-in name', () => {
    expect(() =>
      selectStrategy({ strategy: { name: 'keep-local', resolve: () => ({ kind: 'apply' }) } }),
    ).toThrow(/strategy: another strategy is already named "keep-local"/);
  });
});
