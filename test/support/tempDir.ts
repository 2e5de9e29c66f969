import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary directory per test, removed (with any -wal/-shm files) afterwards. */
export const useTempDir = (prefix = 'oxide-mirror-'): { readonly path: (name: string) => string } => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return { path: (name) => join(dir, name) };
};
