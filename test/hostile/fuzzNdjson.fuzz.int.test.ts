import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { canonicalJson } from '../../src/model/canonicalJson.js';
import { deltaOrRejection } from '../../src/model/decodeDelta.js';
import type { Delta, DeltaJson } from '../../src/model/Delta.js';
import type { JsonObject } from '../../src/model/JsonValue.js';
import { deltaKey } from '../../src/model/deltaKey.js';
import { firstInvalidUtf8Byte } from '../../src/model/firstInvalidUtf8Byte.js';
import { loneSurrogateAt } from '../../src/model/loneSurrogateAt.js';
import { Name } from '../../src/model/ResourceName.js';
import { isDelta, type Rejection } from '../../src/model/SourceEmission.js';
import { decodeNdjsonLine } from '../../src/sources/files/decodeNdjsonLine.js';
import type { NumberedLine } from '../../src/sources/files/NumberedLine.js';
import { readNdjsonLines } from '../../src/sources/files/readNdjsonLines.js';
import { columnNameFor } from '../../src/views/columnNameFor.js';
import { isAddressableField } from '../../src/views/isAddressableField.js';
import { resourceViewSql } from '../../src/views/resourceViewSql.js';
import { quoteIdentifier } from '../../src/views/safeIdentifier.js';
import { viewNameFor } from '../../src/views/viewNameFor.js';

/** Single characters that have broken parsers and SQL before: quotes, NUL, lone surrogates, U+FFFD… */
const nastyChar = fc.oneof(
  fc.constantFrom('\ud800', '\udc00', '\u0000', '"', '\\', "'", ';', '-', '`', '[', ']', '.', '$', '\ufffd'),
  fc.constantFrom('\n', '\r', '\u2028', '\ufeff', 'é', 'e\u0301', '😀', '__proto__', 'select', '_2'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const nastyString = (maxLength: number) => fc.string({ unit: nastyChar, maxLength });

/** Every line of `bytes`, read in chunks cut at `cuts`, decoded as a source would. */
const decodeBytes = async (bytes: Buffer, cuts: number[], maxLineBytes = 1 << 20) => {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks = [0, ...points, bytes.length]
    .slice(1)
    .map((end, i, ends) => bytes.subarray(i === 0 ? 0 : (ends[i - 1] as number), end))
    .filter((c) => c.length > 0);
  const lines: NumberedLine[] = [];
  for await (const line of readNdjsonLines(Readable.from(chunks), maxLineBytes)) lines.push(line);
  return lines.map((line) => ({ line, emission: decodeNdjsonLine(line, `line ${line.n}`) }));
};

const isRejection = (e: Delta | Rejection): e is Rejection => !isDelta(e);

const validDelta: fc.Arbitrary<DeltaJson> = fc.record({
  resource: fc
    .string({ unit: 'binary', minLength: 1, maxLength: 20 })
    .filter((s) => !/[\u0000-\u001f\u007f]/.test(s)),
  record_id: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  op: fc.constant('upsert' as const),
  payload: fc
    .dictionary(fc.string({ unit: 'binary' }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 })
    .map((p): JsonObject => p as JsonObject),
  occurred_at: fc
    .date({
      min: new Date('0000-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59.999Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString()),
  provenance: fc.record({
    source: fc.constantFrom('a', 'crm', "x'; --"),
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
});

describe('the NDJSON decoding path, fuzzed', () => {
  it('turns any string into a delta or a rejection with reasons, never a throw', () => {
    fc.assert(
      fc.property(fc.oneof(nastyString(200), fc.json(), fc.string({ unit: 'binary' })), (line) => {
        const emission = deltaOrRejection(line, 'line 1');
        if (isRejection(emission)) {
          expect(emission.location).toBe('line 1');
          expect(emission.issues.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('turns any bytes, cut into chunks anywhere, into one delta or rejection per non-blank line', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        async (raw, cuts) => {
          const bytes = Buffer.from(raw);
          const decoded = await decodeBytes(bytes, cuts);
          const split = bytes.toString('latin1').split('\n');
          expect(decoded.length).toBeLessThanOrEqual(split.length);
          for (const { line, emission } of decoded) {
            const lineBytes = Buffer.from((split[line.n - 1] as string).replace(/\r$/, ''), 'latin1');
            const invalid = firstInvalidUtf8Byte(lineBytes);
            if (invalid !== undefined) {
              expect(isRejection(emission) && emission.issues[0]?.reason).toMatch(
                new RegExp(`^not valid UTF-8: byte 0x[0-9A-F]{2} at byte ${invalid} of the line`),
              );
            } else {
              expect(line.text).toBe(lineBytes.toString('utf8'));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds the first byte that is not UTF-8 exactly where a fatal TextDecoder fails', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const decodes = (bytes: Uint8Array): boolean => {
      try {
        fatal.decode(bytes);
        return true;
      } catch {
        return false;
      }
    };
    const utf8ish = fc.array(
      fc.oneof(
        fc.integer({ min: 0, max: 255 }).map((b) => [b]),
        fc.string({ unit: nastyChar, maxLength: 3 }).map((s) => [...Buffer.from(s, 'utf8')]),
        fc.constantFrom([0xed, 0xa0, 0x80], [0xc0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe0, 0x80], [0xf0]),
      ),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(utf8ish, (parts) => {
        const bytes = Uint8Array.from(parts.flat());
        const bad = firstInvalidUtf8Byte(bytes);
        expect(bad === undefined).toBe(decodes(bytes));
        if (bad !== undefined) {
          expect(decodes(bytes.subarray(0, bad))).toBe(true);
          // No longer valid prefix ends inside the sequence starting at `bad`.
          for (let end = bad + 1; end <= Math.min(bytes.length, bad + 4); end++) {
            expect(decodes(bytes.subarray(0, end))).toBe(false);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips valid deltas: encode, write as bytes, read in chunks, decode gives the same canonical delta', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(validDelta, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        async (deltas, cuts) => {
          const bytes = Buffer.from(`${deltas.map((d) => JSON.stringify(d)).join('\r\n')}\n`, 'utf8');
          const decoded = await decodeBytes(bytes, cuts);
          expect(decoded.map(({ line }) => line.n)).toEqual(deltas.map((_, i) => i + 1));
          decoded.forEach(({ emission }, i) => {
            const json = deltas[i] as DeltaJson;
            if (isRejection(emission)) throw new Error(JSON.stringify(emission.issues));
            const expected = deltaOrRejection(JSON.stringify(json), 'x') as Delta;
            expect(canonicalJson(emission.payload)).toBe(canonicalJson(json.payload));
            expect(deltaKey(emission, canonicalJson(emission.payload))).toBe(
              deltaKey(expected, canonicalJson(expected.payload)),
            );
            expect({ ...emission, payload: null }).toEqual({
              ...json,
              payload: null,
              occurred_at: `${json.occurred_at.slice(0, 23)}000000Z`,
            });
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

const columnsFor = (fields: readonly string[]): { field: string; column: string }[] => {
  const taken = new Set<string>();
  return fields.map((field) => {
    const column = columnNameFor(field, taken);
    taken.add(column);
    return { field, column };
  });
};

describe('view naming, fuzzed against a real SQLite database', () => {
  it('gives any set of field names distinct, safe, stable columns that read back each field exactly', () => {
    const db = new Database(':memory:');
    db.exec(
      'CREATE TABLE mirror_records (resource, record_id, payload, source, confidence, version, last_synced_at)',
    );
    const insert = db.prepare("INSERT INTO mirror_records VALUES (?, '1', ?, 's', 1, 1, 't')");
    fc.assert(
      fc.property(
        nastyString(12).filter((s) => Name.is(s)),
        fc.uniqueArray(
          nastyString(20).filter((s) => loneSurrogateAt(s) === undefined),
          { maxLength: 12 },
        ),
        (resource, fields) => {
          db.exec('DELETE FROM mirror_records');
          const payload = Object.fromEntries(fields.map((f, i) => [f, i % 2 === 0 ? i : { at: [i] }]));
          insert.run(resource, canonicalJson(payload));
          const view = viewNameFor(resource, new Set());
          // As the views do: no column for a key SQLite cannot address (a NUL in it).
          const columns = columnsFor(fields.filter(isAddressableField));
          expect(columnsFor(fields.filter(isAddressableField))).toEqual(columns); // stable
          expect(viewNameFor(resource, new Set())).toBe(view);
          for (const sql of resourceViewSql(view, resource, columns)) db.exec(sql);
          const row = db.prepare(`SELECT * FROM ${view}`).get() as Record<string, unknown>;
          for (const { field, column } of columns) {
            const i = fields.indexOf(field);
            const value = db.prepare(`SELECT ${column} AS v FROM ${view}`).get() as { v: unknown };
            expect(value.v).toEqual(i % 2 === 0 ? i : JSON.stringify({ at: [i] }));
            expect(row[column]).toEqual(value.v);
          }
          expect(new Set(columns.map((c) => c.column.toLowerCase())).size).toBe(columns.length);
          db.exec(`DROP VIEW ${quoteIdentifier(view)}`);
        },
      ),
      { numRuns: 300 },
    );
    db.close();
  });
});
