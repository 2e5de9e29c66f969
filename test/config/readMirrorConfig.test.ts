import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidOptionsError } from '../../src/errors/InvalidOptionsError.js';
import { readMirrorConfig } from '../../src/config/readMirrorConfig.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();

describe('readMirrorConfig', () => {
  it('resolves relative paths (db, files, directories) against the config file, not the working directory', () => {
    const dir = tmp.path('project');
    mkdirSync(dir);
    const file = join(dir, 'mirror.config.json');
    writeFileSync(
      file,
      JSON.stringify({
        db: 'data/mirror.db',
        sources: [
          { id: 'seed', type: 'ndjson', path: 'seed.ndjson' },
          { id: 'drops', type: 'directory', path: '/var/inbox' },
          {
            id: 'api',
            type: 'http',
            resources: [{ name: 'x', url: 'http://127.0.0.1/x', id: 'id', occurredAt: 'at' }],
          },
        ],
      }),
    );
    const config = readMirrorConfig(file);
    expect(config.db).toBe(join(dir, 'data/mirror.db'));
    expect(config.sources.map((s) => ('path' in s ? s.path : s.type))).toEqual([
      join(dir, 'seed.ndjson'),
      '/var/inbox',
      'http',
    ]);
  });

  it('a missing file is an options error naming it', () => {
    const missing = tmp.path('nope.json');
    expect(() => readMirrorConfig(missing)).toThrow(InvalidOptionsError);
    expect(() => readMirrorConfig(missing)).toThrow(`--config: cannot read ${missing}: ENOENT`);
  });
});

describe('examples/mirror.config.json (shown in the README)', () => {
  it('is a valid config', () => {
    const path = fileURLToPath(new URL('../../examples/mirror.config.json', import.meta.url));
    const config = readMirrorConfig(path);
    expect(config.sources.map((s) => `${s.type}:${s.id}`)).toEqual([
      'http:crm',
      'couchdb:pets',
      'ndjson:seed',
      'directory:drops',
    ]);
    expect(config.db).toBe(join(dirname(path), 'mirror.db'));
  });
});
