import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { NEVER, concat } from 'rxjs';
import { canonicalJson } from '../../src/model/canonicalJson.js';
import type { DeltaJson } from '../../src/model/Delta.js';
import { fromNdjson } from '../../src/sources/fromNdjson.js';
import { fromSyncSource } from '../../src/sources/fromSyncSource.js';
import { ndjsonFileSource } from '../../src/sources/files/ndjsonFileSource.js';
import { createMirror } from '../../src/streams/createMirror.js';
import type { SyncReport } from '../../src/streams/SyncReport.js';
import { openStore } from '../../src/store/openStore.js';
import { CLI } from '../support/cli.js';
import { useTempDir } from '../support/tempDir.js';
import { connectionOf } from '../../src/store/connectionOf.js';

const tmp = useTempDir('oxide-mirror-hostile-');

const delta = (id: string, over: Partial<DeltaJson> = {}): DeltaJson => ({
  resource: 'pets',
  record_id: id,
  op: 'upsert',
  payload: { name: id },
  occurred_at: '2024-05-01T09:00:00Z',
  provenance: { source: 'shop', confidence: 1 },
  ...over,
});
const line = (d: DeltaJson): string => JSON.stringify(d);
/** A delta line with `from` (a JSON fragment of `delta(id)`'s text) replaced: for what JSON.stringify cannot write. */
const edited = (id: string, replaced: string, by: string): string => line(delta(id)).replace(replaced, by);

const nested = (levels: number): string => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const BIG = 11 * 1024 * 1024;
const hugePayload = { blob: `${'x'.repeat(BIG)}"\\\u00e9\ufffd😀` };
const sqlResource = `x'; DROP TABLE mirror_records; --"[]\`é`;
const sqlPayload = { "a'b": 1, 'c"d': 2, '--': 3, ';': 4, '[x]': 5, '`y`': 6, 'n\u0000ul': 7, é: 8, $: 9 };

/** A hostile line: stored, or rejected with this reason (at path `path`). */
interface HostileLine {
  readonly name: string;
  readonly bytes: Buffer;
  readonly rejected?: { readonly path: string; readonly reason: RegExp };
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
/** Valid JSON but for one byte, 0xFF, where the `~` of the payload was. */
const invalidUtf8 = ((): Buffer => {
  const bytes = utf8(line(delta('bad-bytes', { payload: { name: 'R~x' } })));
  bytes[bytes.indexOf('~')] = 0xff;
  return bytes;
})();

const HOSTILE: readonly HostileLine[] = [
  { name: 'a payload over 10 MB', bytes: utf8(line(delta('huge', { payload: hugePayload }))) },
  {
    name: '10,000 levels of nesting',
    bytes: utf8(edited('deep', '{"name":"deep"}', nested(10_000))),
    rejected: { path: 'payload', reason: /^nested more than 512 levels deep/ },
  },
  {
    name: 'invalid UTF-8',
    bytes: invalidUtf8,
    rejected: {
      path: '',
      reason: /^not valid UTF-8: byte 0xFF at byte \d+ of the line \(byte \d+ of the input\)$/,
    },
  },
  { name: 'a real U+FFFD', bytes: utf8(line(delta('fffd', { payload: { name: 'R\ufffdx' } }))) },
  {
    name: 'a lone surrogate in a payload string',
    bytes: utf8(edited('ls1', '"name":"ls1"', '"name":["ok","R\\ud800x"]')),
    rejected: {
      path: 'payload.name[1]',
      reason: /^expected well-formed Unicode text \(lone surrogate U\+D800 at index 1\)/,
    },
  },
  {
    name: 'a lone surrogate in a payload key',
    bytes: utf8(edited('ls2', '"name"', '"n\\udc00"')),
    rejected: {
      path: 'payload["n\\udc00"]',
      reason: /^expected a well-formed Unicode key \(lone surrogate U\+DC00/,
    },
  },
  {
    name: 'a lone surrogate in a record id',
    bytes: utf8(edited('X', '"record_id":"X"', '"record_id":"\\udfffa"')),
    rejected: {
      path: 'record_id',
      reason: /^expected well-formed Unicode text \(lone surrogate U\+DFFF at index 0\)/,
    },
  },
  {
    name: 'a lone surrogate in a resource name',
    bytes: utf8(edited('ls4', '"resource":"pets"', '"resource":"pets\\ud83d"')),
    rejected: {
      path: 'resource',
      reason: /^expected well-formed Unicode text \(lone surrogate U\+D83D at index 4\)/,
    },
  },
  {
    name: 'a lone surrogate in a source name',
    bytes: utf8(edited('ls5', '"source":"shop"', '"source":"\\ud800"')),
    rejected: { path: 'provenance.source', reason: /^expected well-formed Unicode text/ },
  },
  {
    name: 'NaN confidence',
    bytes: utf8(edited('nan', '"confidence":1', '"confidence":NaN')),
    rejected: { path: '', reason: /^not valid JSON \(/ },
  },
  {
    name: 'Infinity confidence',
    bytes: utf8(edited('inf', '"confidence":1', '"confidence":1e999')),
    rejected: { path: 'provenance.confidence', reason: /^expected a finite number, got Infinity$/ },
  },
  // JSON.parse made -1e400 -Infinity, which was refused; it is a valid JSON number, kept with its digits.
  {
    name: 'a payload number beyond a double’s range',
    bytes: utf8(edited('inf2', '"name":"inf2"', '"name":[1,-1e400]')),
  },
  { name: 'year 0000', bytes: utf8(line(delta('y0', { occurred_at: '0000-01-01T00:00:00Z' }))) },
  {
    name: 'the last instant of 9999',
    bytes: utf8(line(delta('y9999', { occurred_at: '9999-12-31T23:59:59.999999999Z' }))),
  },
  ...[
    '10000-01-01T00:00:00Z',
    '-0001-01-01T00:00:00Z',
    '9999-12-31T23:00:00-02:00',
    '0000-01-01T00:30:00+01:00',
  ].map((ts, i): HostileLine => ({
    name: `occurred_at ${ts}`,
    bytes: utf8(line(delta(`ts${i}`, { occurred_at: ts }))),
    rejected: { path: 'occurred_at', reason: /between years 0000 and 9999, got "/ },
  })),
  {
    name: 'SQL metacharacters in a resource name',
    bytes: utf8(line(delta('sql1', { resource: sqlResource }))),
  },
  {
    name: 'SQL metacharacters and NUL in field names',
    bytes: utf8(line(delta('sql2', { resource: 'odd', payload: sqlPayload }))),
  },
  {
    name: 'an empty record id',
    bytes: utf8(line(delta(''))),
    rejected: { path: 'record_id', reason: /^expected a record id of 1 to 1024 characters, got ""$/ },
  },
  {
    name: 'a 100 KB record id',
    bytes: utf8(line(delta('i'.repeat(100 * 1024)))),
    rejected: {
      path: 'record_id',
      reason: /^expected a record id of 1 to 1024 characters \(this one has 102400\)/,
    },
  },
];

/** The hostile lines with a good delta before each, and where each one is (line numbers from 1). */
const hostileInput = (): { bytes: Buffer; lineOf: Map<string, number>; goodIds: string[] } => {
  const lines: Buffer[] = [];
  const lineOf = new Map<string, number>();
  const goodIds: string[] = [];
  HOSTILE.forEach((h, i) => {
    goodIds.push(`good${i}`);
    lines.push(utf8(line(delta(`good${i}`, { payload: { name: `good${i}`, n: i } }))));
    lines.push(h.bytes);
    lineOf.set(h.name, lines.length);
  });
  return { bytes: Buffer.concat(lines.flatMap((l) => [l, utf8('\n')])), lineOf, goodIds };
};

/** Asserts what a mirror of the hostile input holds: every good delta, every stored hostile one intact, every other rejected with its reason. */
const expectMirrorOfHostileInput = (dbPath: string, input: ReturnType<typeof hostileInput>): void => {
  const store = openStore({ path: dbPath });
  try {
    const all = <T>(sql: string, ...params: unknown[]): T[] =>
      connectionOf(store)
        .prepare(sql)
        .all(...params) as T[];
    const rejects = new Map(
      all<{ location: string; input: string; issues: string }>(
        'SELECT location, input, issues FROM mirror_rejects',
      ).map((r) => [r.location, r]),
    );
    const rejected = HOSTILE.filter((h) => h.rejected !== undefined);
    expect(rejects.size).toBe(rejected.length);
    for (const h of rejected) {
      const row = rejects.get(`line ${input.lineOf.get(h.name)}`);
      expect({ name: h.name, issues: JSON.parse(row?.issues ?? '[]') as unknown }).toEqual({
        name: h.name,
        issues: [{ path: h.rejected?.path, reason: expect.stringMatching(h.rejected?.reason ?? /^$/) }],
      });
    }
    // The bad byte is named where it is: the line's offset in the input plus its offset in the line.
    const utf8Line = input.lineOf.get('invalid UTF-8') as number;
    const lineStart = input.bytes.indexOf(invalidUtf8);
    const badInLine = invalidUtf8.indexOf(0xff);
    expect(JSON.parse(rejects.get(`line ${utf8Line}`)?.issues ?? '')).toEqual([
      {
        path: '',
        reason: `not valid UTF-8: byte 0xFF at byte ${badInLine} of the line (byte ${lineStart + badInLine} of the input)`,
      },
    ]);
    // The deep line is kept whole (it is under the 1 MiB cap on kept input).
    expect(rejects.get(`line ${input.lineOf.get('10,000 levels of nesting')}`)?.input).toBe(
      edited('deep', '{"name":"deep"}', nested(10_000)),
    );

    const records = new Map(
      all<{ record_id: string; payload: string }>('SELECT record_id, payload FROM mirror_records').map(
        (r) => [r.record_id, r.payload],
      ),
    );
    expect([...records.keys()].sort()).toEqual(
      [...input.goodIds, 'huge', 'fffd', 'inf2', 'y0', 'y9999', 'sql1', 'sql2'].sort(),
    );
    // Stored byte for byte: the canonical JSON of what the line carried.
    expect(records.get('huge')).toBe(canonicalJson(hugePayload));
    expect(records.get('fffd')).toBe('{"name":"R\ufffdx"}');
    expect(records.get('inf2')).toBe('{"name":[1,-1e+400]}');
    expect(records.get('sql2')).toBe(canonicalJson(sqlPayload));
    expect(
      all('SELECT occurred_at FROM mirror_records WHERE record_id IN (?, ?) ORDER BY 1', 'y0', 'y9999'),
    ).toEqual([
      { occurred_at: '0000-01-01T00:00:00.000000000Z' },
      { occurred_at: '9999-12-31T23:59:59.999999999Z' },
    ]);

    // Every view answers, and the good records' rows are intact.
    const views = all<{ resource: string; view_name: string }>(
      'SELECT resource, view_name FROM mirror_resources',
    );
    expect(views.map((v) => v.resource).sort()).toEqual(['odd', 'pets', sqlResource].sort());
    for (const { view_name } of views) expect(() => all(`SELECT * FROM "${view_name}"`)).not.toThrow();
    expect(all('SELECT record_id, name, n FROM pets WHERE record_id LIKE ? ORDER BY n', 'good%')).toEqual(
      input.goodIds.map((id, n) => ({ record_id: id, name: id, n })),
    );
    expect(all<{ len: number }>("SELECT length(blob) AS len FROM pets WHERE record_id = 'huge'")).toEqual([
      { len: [...hugePayload.blob].length },
    ]);
    // Every field has its column with its exact value, but the one with a NUL, which SQLite cannot address.
    const odd = views.find((v) => v.resource === 'odd')?.view_name as string;
    const fields = all<{ field: string; column_name: string }>(
      "SELECT field, column_name FROM mirror_fields WHERE resource = 'odd'",
    );
    expect(fields.map((f) => f.field).sort()).toEqual(
      Object.keys(sqlPayload)
        .filter((k) => !k.includes('\u0000'))
        .sort(),
    );
    const [oddRow] = all<Record<string, unknown>>(`SELECT * FROM "${odd}"`);
    for (const { field, column_name } of fields) {
      expect({ field, value: oddRow?.[column_name] }).toEqual({
        field,
        value: sqlPayload[field as keyof typeof sqlPayload],
      });
    }
    const sqlView = views.find((v) => v.resource === sqlResource)?.view_name as string;
    expect(all(`SELECT record_id, name FROM "${sqlView}"`)).toEqual([{ record_id: 'sql1', name: 'sql1' }]);
    expect(all('SELECT count(*) AS n FROM mirror_events')).toEqual([{ n: records.size }]);
  } finally {
    store.close();
  }
};

const runMirror = async (dbPath: string, source: Parameters<typeof createMirror>[0]['sources'][string]) => {
  const store = openStore({ path: dbPath });
  try {
    return await createMirror({ store, sources: { s: source } }).run();
  } finally {
    store.close();
  }
};

const rejectedCount = HOSTILE.filter((h) => h.rejected !== undefined).length;
const expectCounts = (report: SyncReport, goods: number): void => {
  expect(report.total).toMatchObject({
    applied: goods + HOSTILE.length - rejectedCount,
    rejected: rejectedCount,
  });
};

describe('hostile deltas among good ones: each rejected with its reason or stored intact, the rest committed', () => {
  it('through the library, from a byte stream (fromNdjson)', async () => {
    const input = hostileInput();
    const chunks = Array.from({ length: Math.ceil(input.bytes.length / 65_521) }, (_, i) =>
      input.bytes.subarray(i * 65_521, (i + 1) * 65_521),
    );
    const report = await runMirror(tmp.path('m.db'), fromNdjson(Readable.from(chunks)));
    expectCounts(report, input.goodIds.length);
    expectMirrorOfHostileInput(tmp.path('m.db'), input);
  });

  it('through the library, from an NDJSON file source', async () => {
    const input = hostileInput();
    writeFileSync(tmp.path('in.ndjson'), input.bytes);
    const store = openStore({ path: tmp.path('m.db') });
    const source = ndjsonFileSource(
      { type: 'ndjson', id: 'file', path: tmp.path('in.ndjson') },
      { pageLines: 7 },
    );
    try {
      const report = await createMirror({
        store,
        sources: { file: fromSyncSource(source) },
      }).run();
      expectCounts(report, input.goodIds.length);
    } finally {
      store.close();
    }
    expectMirrorOfHostileInput(tmp.path('m.db'), input);
  });

  it.each([
    ['a file', (file: string) => ({ args: [file], input: undefined })],
    ['stdin', (file: string) => ({ args: ['-'], input: file })],
  ])('through the CLI, from %s', (_, how) => {
    const input = hostileInput();
    writeFileSync(tmp.path('in.ndjson'), input.bytes);
    const { args, input: stdin } = how(tmp.path('in.ndjson'));
    const r = spawnSync(process.execPath, [CLI, 'ingest', ...args, '--db', tmp.path('m.db'), '--json'], {
      input: stdin === undefined ? undefined : input.bytes,
      env: { ...process.env, OXIDE_MIRROR_LOG_LEVEL: 'warn' },
      maxBuffer: 64 * 1024 * 1024,
    });
    expect({ status: r.status, stderr: r.stderr.toString() }).toEqual({
      status: 0,
      stderr: expect.stringContaining(`${rejectedCount} malformed line(s) rejected`),
    });
    expectCounts(JSON.parse(r.stdout.toString()) as SyncReport, input.goodIds.length);
    expectMirrorOfHostileInput(tmp.path('m.db'), input);
  });

  it('through the CLI with --strict: names the invalid UTF-8 line and applies nothing', () => {
    writeFileSync(
      tmp.path('in.ndjson'),
      Buffer.concat([utf8(`${line(delta('a'))}\n`), invalidUtf8, utf8('\n')]),
    );
    const r = spawnSync(
      process.execPath,
      [CLI, 'ingest', tmp.path('in.ndjson'), '--db', tmp.path('m.db'), '--strict'],
      {
        env: { ...process.env, OXIDE_MIRROR_LOG_LEVEL: 'warn' },
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr.toString()).toMatch(/^line 2: not valid UTF-8: byte 0xFF at byte \d+ of the line/m);
  });
});

describe('line length bound', () => {
  const long = line(delta('long', { payload: { blob: 'y'.repeat(5_000) } }));
  const text = `${line(delta('a'))}\n${long}\n${line(delta('b'))}\n`;
  const reason = `line of ${Buffer.byteLength(long)} bytes is longer than the limit of 1000 bytes (maxLineBytes); skipped`;

  it('rejects a line over maxLineBytes from a stream, naming the limit, and reads on', async () => {
    const bytes = utf8(text);
    const chunks = [bytes.subarray(0, 700), bytes.subarray(700, 3_000), bytes.subarray(3_000)];
    const report = await runMirror(
      tmp.path('m.db'),
      fromNdjson(Readable.from(chunks), { maxLineBytes: 1000 }),
    );
    expect(report.total).toMatchObject({ applied: 2, rejected: 1 });
    const store = openStore({ path: tmp.path('m.db') });
    const rows = connectionOf(store).prepare('SELECT location, input, issues FROM mirror_rejects').all();
    store.close();
    expect(rows).toEqual([
      {
        location: 'line 2',
        input: `${long.slice(0, 1024)}…[${Buffer.byteLength(long) - 1024} more bytes not kept]`,
        issues: JSON.stringify([{ path: '', reason }]),
      },
    ]);
  });

  it('rejects a line over maxLineBytes in a file source and reads on; an unfinished one waits for its newline', async () => {
    const file = tmp.path('in.ndjson');
    writeFileSync(file, `${text}${long}`); // the last line has no newline yet: a writer may still be on it
    const store = openStore({ path: tmp.path('m.db') });
    try {
      const source = ndjsonFileSource({ type: 'ndjson', id: 'f', path: file }, { maxLineBytes: 1000 });
      const run = () =>
        createMirror({
          store,
          sources: { f: fromSyncSource(source) },
        }).run();
      expect((await run()).total).toMatchObject({ applied: 2, rejected: 1 });
      writeFileSync(file, `${text}${long}\n${line(delta('c'))}\n`);
      expect((await run()).total).toMatchObject({ applied: 1, rejected: 1 });
      expect(
        connectionOf(store).prepare('SELECT location FROM mirror_rejects ORDER BY id').pluck().all(),
      ).toEqual(['line 2', 'line 4']);
    } finally {
      store.close();
    }
  });
});

describe('a far-future delta', () => {
  it('neither stalls the run nor loses or misplaces the other deltas’ state', async () => {
    const at = (minute: number) => `2024-05-01T09:${String(minute).padStart(2, '0')}:00Z`;
    const deltas: DeltaJson[] = [
      delta('r1', { payload: { v: 1 }, occurred_at: at(1) }),
      delta('future', { occurred_at: '9999-12-31T23:59:59.999999999Z' }),
      delta('r1', { payload: { v: 3 }, occurred_at: at(3) }),
      delta('r1', { payload: { v: 2 }, occurred_at: at(2) }), // late: older than the one before it
      delta('r2', { payload: { v: 1 }, occurred_at: '0000-01-01T00:00:00Z' }),
    ];
    const lines = deltas.map((d) => line(d)).join('\n');
    const report = await runMirror(tmp.path('m.db'), fromNdjson(Readable.from([utf8(lines)])));
    expect(report.total).toMatchObject({ pulled: 5, rejected: 0 });
    const store = openStore({ path: tmp.path('m.db') });
    try {
      expect(
        connectionOf(store).prepare('SELECT record_id, payload FROM mirror_records ORDER BY record_id').all(),
      ).toEqual([
        { record_id: 'future', payload: '{"name":"future"}' },
        { record_id: 'r1', payload: '{"v":3}' },
        { record_id: 'r2', payload: '{"v":1}' },
      ]);
    } finally {
      store.close();
    }
    // A source that stays open is not held up either: the far-future delta and the next one are
    // committed while it is still open (a stall would time the test out).
    const live = openStore({ path: tmp.path('live.db') });
    try {
      const mirror = createMirror({
        store: live,
        sources: {
          s: concat(
            fromNdjson(
              Readable.from([utf8(`${line(deltas[1] as DeltaJson)}\n${line(deltas[0] as DeltaJson)}\n`)]),
            ),
            NEVER,
          ),
        },
      });
      const seen: string[] = [];
      mirror.applied$.subscribe((change) => {
        seen.push(change.delta.record_id);
        if (seen.length === 2) mirror.stop();
      });
      expect((await mirror.run()).total.applied).toBe(2);
      expect(seen.sort()).toEqual(['future', 'r1']);
    } finally {
      live.close();
    }
  });
});
