import * as E from 'fp-ts/lib/Either.js';
import { LosslessNumber } from 'lossless-json';
import { decodeDelta, decodeDeltaLine } from '../../src/model/decodeDelta.js';
import { JsonValue, isJsonObject } from '../../src/model/JsonValue.js';

const valid = {
  resource: 'pets',
  record_id: '42',
  op: 'upsert',
  payload: { name: 'Rex' },
  occurred_at: '2024-05-01T12:00:00+02:00',
  provenance: { source: 'crm', confidence: 0.5 },
};

const messageOf = (input: unknown, root = ''): string => {
  const r = decodeDelta(input, 'deltas.json', root);
  if (E.isRight(r)) throw new Error('expected a decode failure');
  return r.left.message;
};

describe('decodeDelta', () => {
  it('decodes the snake_case JSON of the original and normalises occurred_at to UTC', () => {
    const r = decodeDelta(valid, 'x');
    expect(E.isRight(r) && r.right).toEqual({ ...valid, occurred_at: '2024-05-01T10:00:00.000000000Z' });
  });

  it('names the path and the reason of a bad field, under the caller’s root', () => {
    expect(messageOf({ ...valid, occurred_at: 'yesterday' }, 'deltas[3]')).toBe(
      'deltas.json: deltas[3].occurred_at: expected an RFC 3339 timestamp (e.g. 2024-05-01T12:00:00Z) between years 0000 and 9999, got "yesterday"',
    );
  });

  it('reports every failing field at once, missing ones as missing', () => {
    const { record_id: _, ...noId } = valid;
    expect(messageOf({ ...noId, op: 'patch', provenance: { source: 'crm', confidence: 'high' } })).toBe(
      'deltas.json: record_id: missing (expected a record id of 1 to 1024 characters); op: expected DeltaOp, got "patch"; provenance.confidence: expected a finite number, got "high"',
    );
  });

  it('requires an object payload for an upsert and ignores a delete’s payload', () => {
    expect(messageOf({ ...valid, payload: [1, 2] })).toBe(
      'deltas.json: payload: expected a JSON object for an upsert',
    );
    const r = decodeDelta({ ...valid, op: 'delete', payload: { whatever: true } }, 'x');
    expect(E.isRight(r) && r.right.payload).toBeNull();
  });

  it('refuses empty and over-long record ids and control characters in names', () => {
    expect(messageOf({ ...valid, record_id: '' })).toMatch(
      /^deltas.json: record_id: expected a record id of 1 to 1024 characters, got ""$/,
    );
    expect(messageOf({ ...valid, record_id: 'x'.repeat(1025) })).toMatch(
      /record_id: expected a record id of 1 to 1024 characters \(this one has 1025\), got "x{59}…$/,
    );
    expect(messageOf({ ...valid, resource: 'pe\nts' })).toMatch(
      /resource: expected a name of 1 to 128 characters without control characters/,
    );
  });

  it('gives the line and the JSON error for a line that is not JSON', () => {
    const r = decodeDeltaLine('{"resource": ', 'line 7');
    expect(E.isLeft(r) && r.left.message).toMatch(/^line 7: not valid JSON \(/);
  });
});

describe('JsonValue: numbers a double does not keep', () => {
  it('accepts bigints and LosslessNumbers as numbers, never as objects', () => {
    const payload = { id: 12345678901234567890n, pi: new LosslessNumber('3.14159265358979323846') };
    expect(JsonValue.is(payload)).toBe(true);
    expect(E.isRight(decodeDelta({ ...valid, payload }, 'x'))).toBe(true);
    expect(isJsonObject(payload.pi)).toBe(false);
    expect(isJsonObject(payload)).toBe(true);
    expect(messageOf({ ...valid, payload: new LosslessNumber('1') })).toBe(
      'deltas.json: payload: expected a JSON object for an upsert',
    );
  });

  it('still refuses NaN and Infinity built in code, and a LosslessNumber whose text was changed to not a number', () => {
    expect(messageOf({ ...valid, payload: { n: Number.POSITIVE_INFINITY } })).toBe(
      'deltas.json: payload.n: expected a finite number, got Infinity',
    );
    expect(messageOf({ ...valid, payload: { n: [Number.NaN] } })).toBe(
      'deltas.json: payload.n[0]: expected a finite number, got NaN',
    );
    const forged = new LosslessNumber('1');
    forged.value = '1; DROP TABLE x';
    expect(messageOf({ ...valid, payload: { n: forged } })).toBe(
      'deltas.json: payload.n: expected a LosslessNumber holding JSON number text, got "1; DROP TABLE x"',
    );
  });

  it('reads a line’s payload numbers exactly, and its confidence as the double it always was', () => {
    const r = decodeDeltaLine(
      JSON.stringify(valid)
        .replace('{"name":"Rex"}', '{"id":12345678901234567890,"big":1e400}')
        .replace('"confidence":0.5', '"confidence":0.99999999999999999'),
      'line 1',
    );
    expect(E.isRight(r) && r.right.payload).toEqual({
      id: 12345678901234567890n,
      big: new LosslessNumber('1e400'),
    });
    expect(E.isRight(r) && r.right.provenance.confidence).toBe(1);
  });

  it('names a bigint or a LosslessNumber where a string was expected, with its digits', () => {
    const line = JSON.stringify(valid).replace('"record_id":"42"', '"record_id":12345678901234567890');
    const r = decodeDeltaLine(line, 'line 2');
    expect(E.isLeft(r) && r.left.message).toBe(
      'line 2: record_id: expected a record id of 1 to 1024 characters, got 12345678901234567890',
    );
    const r2 = decodeDeltaLine(line.replace('12345678901234567890', '1e400'), 'line 3');
    expect(E.isLeft(r2) && r2.left.message).toMatch(/record_id: expected .*, got 1e400$/);
  });
});
