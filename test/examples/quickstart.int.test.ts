import { jest } from '@jest/globals';
import { quickstart } from '../../examples/quickstart.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();

describe('the README library example', () => {
  it('runs and returns what the README says', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await quickstart(tmp.path('q.db'))).toEqual([
        { record_id: 'c1', plan: 'pro' },
        { record_id: 'c2', plan: 'free' },
      ]);
      expect(log).toHaveBeenCalledWith(expect.objectContaining({ pulled: 3, applied: 2, skipped: 1 }));
    } finally {
      log.mockRestore();
    }
  });
});
