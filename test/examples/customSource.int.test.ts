import { openQuery } from '../../src/query/openQuery.js';
import { syncInventory, type StockChange } from '../../examples/customSource.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();

describe('the README custom source example', () => {
  it('pulls 100 at a time from its cursor, and the next run resumes where the last one ended', async () => {
    const log: StockChange[] = Array.from({ length: 250 }, (_, i) => ({
      seq: i + 1,
      sku: `sku-${i % 120}`,
      qty: i,
      at: new Date(Date.UTC(2024, 4, 1) + i * 1000).toISOString(),
    }));
    const asked: number[] = [];
    const fetchChanges = (after: number, limit: number) => {
      asked.push(after);
      return Promise.resolve(log.filter((c) => c.seq > after).slice(0, limit));
    };
    const db = tmp.path('inventory.db');
    expect(await syncInventory(db, fetchChanges)).toBe(250);
    expect(asked).toEqual([0, 100, 200]);

    log.push({ seq: 251, sku: 'sku-0', qty: 999, at: '2024-05-02T00:00:00Z' });
    asked.length = 0;
    expect(await syncInventory(db, fetchChanges)).toBe(1);
    expect(asked).toEqual([250]);

    const sql = openQuery(db);
    const { rows } = sql.query(
      "SELECT count(*) AS skus, sum(json_extract(payload, '$.qty')) AS qty FROM mirror_records WHERE resource = 'stock'",
    );
    sql.close();
    // 120 skus; each holds its last change: sku-k has qty 240+k for k < 10, 120+k otherwise; sku-0 999.
    const expected = Array.from({ length: 120 }, (_, k) => (k === 0 ? 999 : k < 10 ? 240 + k : 120 + k));
    expect(rows).toEqual([{ skus: 120, qty: expected.reduce((a, b) => a + b, 0) }]);
  });
});
