import * as E from 'fp-ts/lib/Either.js';
import { decodeDeltaLine } from '../../src/model/decodeDelta.js';
import { deltaLine } from '../../src/publish/deltaLine.js';

describe('deltaLine: an event as the line ingest reads', () => {
  it('splices the stored payload in unparsed, so every digit arrives, and decodes back to the same delta', () => {
    const line = deltaLine({
      resource: 'deals',
      recordId: 'd "1"',
      op: 'upsert',
      payloadJson: '{"amount":12345678901234567890,"pi":3.141592653589793238462643383279}',
      occurredAt: '2024-01-01T00:00:00.000000000Z',
      source: 'crm',
      confidence: 0.9,
    });
    expect(line).toBe(
      '{"resource":"deals","record_id":"d \\"1\\"","op":"upsert","payload":{"amount":12345678901234567890,' +
        '"pi":3.141592653589793238462643383279},"occurred_at":"2024-01-01T00:00:00.000000000Z",' +
        '"provenance":{"source":"crm","confidence":0.9}}',
    );
    const decoded = decodeDeltaLine(line, 'line 1');
    expect(E.isRight(decoded) && decoded.right.record_id).toBe('d "1"');
  });

  it('writes a delete with a null payload, whatever was stored', () => {
    expect(
      JSON.parse(
        deltaLine({
          resource: 'contacts',
          recordId: 'c1',
          op: 'delete',
          payloadJson: 'null',
          occurredAt: '2024-01-01T00:00:00.000000000Z',
          source: 'crm',
          confidence: 1,
        }),
      ),
    ).toMatchObject({ op: 'delete', payload: null });
  });
});
