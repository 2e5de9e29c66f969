import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigCheck } from '../../src/check/ConfigCheck.js';
import { sendJson, useHttpServers, type TestServer } from '../support/httpServer.js';
import { startPouchdbServer, type PouchdbServer } from '../support/pouchdbServer.js';
import { spawnCli } from '../support/spawnCli.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir('oxide-mirror-check-');
const serve = useHttpServers();
const TOKEN = 'tok-5e3c1a9b7d';

let couch: PouchdbServer;
let petsUrl: string;

beforeAll(async () => {
  couch = await startPouchdbServer();
  petsUrl = await couch.createDatabase('pets');
  for (const [id, doc] of [
    ['p1', { name: 'Rex', species: 'dog', updated_at: '2024-05-01T09:00:00Z' }],
    ['p2', { name: 'Tom', species: 'cat', updated_at: '2024-05-01T09:05:00Z' }],
  ] as const) {
    const response = await fetch(`${petsUrl}/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(doc),
    });
    if (!response.ok) throw new Error(`PUT ${id}: ${response.status}`);
  }
}, 60_000);

afterAll(async () => {
  await couch?.stop();
});

const CONTACTS = [
  { id: 'c1', name: 'Ada', email: 'ada@example.com', updated_at: '2024-05-01T10:00:00+02:00' },
  { id: 'c2', name: 'Bob', email: 'bob@example.com', updated_at: '2024-05-01T11:00:00Z' },
  { id: 'c3', name: 'Cy', email: 'cy@example.com', updated_at: '2024-05-01T12:00:00Z' },
];

/**
 * The CRM API: `/contacts` (three contacts, only with the right token), `/deals` (401, echoing the
 * Authorization header it got), `/tickets` (200, but its first item's time is the echoed header),
 * `/flaky` (503, which sync would retry), `/html` (200, a login page).
 */
const crmApi = (): Promise<TestServer> =>
  serve((req, res) => {
    const auth = req.headers.authorization ?? '';
    switch (new URL(req.url ?? '/', 'http://localhost').pathname) {
      case '/contacts':
        if (auth !== `Bearer ${TOKEN}`) return sendJson(res, { error: 'unauthorized' }, 401);
        return sendJson(res, { data: CONTACTS, meta: { next: 'n2' } });
      case '/deals':
        return sendJson(res, { error: 'unauthorized', echo: auth }, 401);
      case '/tickets':
        return sendJson(res, { data: [{ id: 't1', updated_at: auth }] });
      case '/flaky':
        return sendJson(res, { error: 'busy' }, 503);
      case '/html':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>sign in first</html>');
        return;
      default:
        return sendJson(res, { error: 'not found' }, 404);
    }
  });

const contacts = {
  name: 'contacts',
  url: '/contacts',
  items: 'data',
  id: 'id',
  occurredAt: 'updated_at',
  paging: { type: 'cursor', next: 'meta.next' },
};
const resource = (name: string) => ({
  name,
  url: `/${name}`,
  items: 'data',
  id: 'id',
  occurredAt: 'updated_at',
});
const crmSource = (server: TestServer, resources: readonly unknown[]) => ({
  id: 'crm',
  type: 'http',
  baseUrl: server.url,
  headers: { Authorization: { env: 'CRM_TOKEN', prefix: 'Bearer ' } },
  resources,
});

/** Writes `config` in its own directory (its relative paths resolve there); returns where things are. */
const writeConfig = (config: Record<string, unknown>) => {
  const dir = tmp.path('project');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'mirror.config.json');
  writeFileSync(file, JSON.stringify({ db: 'mirror.db', ...config }));
  return { dir, file };
};

const check = (args: readonly string[], env: Record<string, string | undefined> = { CRM_TOKEN: TOKEN }) =>
  spawnCli(['check', ...args], { env: { OXIDE_MIRROR_LOG_LEVEL: 'warn', ...env } }).done;

describe('oxide-mirror check (the real built CLI against a real HTTP server and pouchdb-server)', () => {
  it('a config that checks out: exit 0, per source what its first page holds, one request each, nothing written', async () => {
    const crm = await crmApi();
    const { dir, file } = writeConfig({
      sources: [
        crmSource(crm, [contacts]),
        { id: 'petdb', type: 'couchdb', url: petsUrl, resource: 'pets', occurredAtField: 'updated_at' },
        { id: 'feed', type: 'ndjson', path: 'deltas.ndjson' },
        { id: 'inbox', type: 'directory', path: 'inbox' },
      ],
    });
    writeFileSync(
      join(dir, 'deltas.ndjson'),
      `${JSON.stringify({
        resource: 'stock',
        record_id: 's1',
        op: 'upsert',
        payload: { sku: 's1', qty: 4 },
        occurred_at: '2024-05-01T08:00:00Z',
        provenance: { source: 'feed', confidence: 1 },
      })}\n`,
    );
    mkdirSync(join(dir, 'inbox'));
    const before = readdirSync(dir).sort();

    const text = await check(['--config', file]);
    expect(text.stderr).toBe('');
    expect(text.status).toBe(0);
    expect(text.stdout).toBe(
      [
        `${file}: valid, 4 sources; db ${join(dir, 'mirror.db')} (not opened by check)`,
        '',
        'crm (http)',
        `  contacts  ok  GET ${crm.url}/contacts → 200 OK: 3 items`,
        '      first item: record_id "c1", occurred_at 2024-05-01T08:00:00.000000000Z',
        '      fields: id, name, email, updated_at',
        'petdb (couchdb)',
        `  pets  ok  GET ${petsUrl}/_changes?limit=500&include_docs=true&style=main_only → 200 OK: 2 items`,
        '      first item: record_id "p1", occurred_at 2024-05-01T09:00:00.000000000Z',
        '      fields: name, species, updated_at',
        "      occurred_at is the document's updated_at (a deletion's: the time it is observed)",
        'feed (ndjson)',
        `  ok  read ${join(dir, 'deltas.ndjson')}: 1 item`,
        '      first item: resource stock, record_id "s1", occurred_at 2024-05-01T08:00:00.000000000Z',
        '      fields: sku, qty',
        'inbox (directory)',
        `  ok  read ${join(dir, 'inbox')} (*.ndjson): 0 items`,
        '',
        'Every source checks out.',
        '',
      ].join('\n'),
    );
    // One GET, with the configured header; the cursor paging's next page is not followed.
    expect(crm.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/contacts', `Bearer ${TOKEN}`],
    ]);

    const json = await check(['--config', file, '--json']);
    expect(json.status).toBe(0);
    const found = JSON.parse(json.stdout) as ConfigCheck;
    expect(found).toMatchObject({ config: file, db: join(dir, 'mirror.db'), ok: true, failures: [] });
    expect(found.sources.map((s) => s.resources[0])).toEqual([
      {
        resource: 'contacts',
        request: `GET ${crm.url}/contacts`,
        ok: true,
        reachable: true,
        status: 200,
        items: 3,
        firstItem: {
          decoded: true,
          resource: 'contacts',
          op: 'upsert',
          record_id: 'c1',
          occurred_at: '2024-05-01T08:00:00.000000000Z',
          fields: ['id', 'name', 'email', 'updated_at'],
        },
      },
      expect.objectContaining({
        resource: 'pets',
        ok: true,
        reachable: true,
        status: 200,
        items: 2,
        firstItem: expect.objectContaining({ record_id: 'p1', fields: ['name', 'species', 'updated_at'] }),
      }),
      expect.objectContaining({
        ok: true,
        items: 1,
        firstItem: expect.objectContaining({ resource: 'stock' }),
      }),
      expect.objectContaining({ ok: true, items: 0 }),
    ]);

    // Nothing written: no database (so no cursor either), no journal, nothing else beside the config.
    expect(readdirSync(dir).sort()).toEqual(before);
  }, 60_000);

  it('failures: one line each on stderr naming source, resource and what; exit 1; no secret shown, no retry, nothing written', async () => {
    const crm = await crmApi();
    const { dir, file } = writeConfig({
      sources: [
        crmSource(crm, [
          contacts,
          resource('deals'),
          resource('tickets'),
          resource('flaky'),
          resource('html'),
        ]),
        {
          id: 'billing',
          type: 'http',
          baseUrl: crm.url,
          headers: { Authorization: { env: 'BILLING_TOKEN', prefix: 'Bearer ' } },
          resources: [resource('invoices')],
        },
        { id: 'feed', type: 'ndjson', path: 'missing.ndjson' },
        { id: 'petdb', type: 'couchdb', url: `${couch.url}/nosuchdb`, resource: 'pets' },
      ],
    });
    const before = readdirSync(dir).sort();

    const result = await check(['--config', file], { CRM_TOKEN: TOKEN, BILLING_TOKEN: undefined });
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n')).toEqual([
      `oxide-mirror: crm/deals: GET ${crm.url}/deals → 401 Unauthorized: {"error":"unauthorized","echo":"Bearer [redacted]"}`,
      `oxide-mirror: crm/tickets: first item does not decode (GET ${crm.url}/tickets): data[0].updated_at: expected an RFC 3339 timestamp (e.g. 2024-05-01T12:00:00Z) between years 0000 and 9999, got "Bearer [redacted]"`,
      `oxide-mirror: crm/flaky: GET ${crm.url}/flaky → 503 Service Unavailable: {"error":"busy"}`,
      expect.stringMatching(
        new RegExp(
          `^oxide-mirror: crm/html: GET ${crm.url}/html → 200 OK: the response body is not JSON \\(.+\\)$`,
        ),
      ),
      `oxide-mirror: billing: headers.Authorization: environment variable BILLING_TOKEN is not set (the header's value is read from it)`,
      `oxide-mirror: feed: ${join(dir, 'missing.ndjson')}: cannot read (ENOENT)`,
      `oxide-mirror: petdb/pets: GET ${couch.url}/nosuchdb/_changes?limit=500&include_docs=true&style=main_only → 404 Not Found: not_found (no_db_file)`,
      '',
    ]);
    expect(result.stdout).toContain(`  contacts  ok  GET ${crm.url}/contacts → 200 OK: 3 items`);
    expect(result.stdout).toContain(`  tickets  FAILED  GET ${crm.url}/tickets → 200 OK: 1 item`);
    expect(result.stdout).toContain('4 of 4 sources failed: 7 problems.');
    // The server echoed the token in a 401 body and inside an item: neither shows.
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
    // One request per resource: the 503 is not retried (sync would), the source without its secret asks nothing.
    expect(crm.requests.map((r) => r.url).sort()).toEqual([
      '/contacts',
      '/deals',
      '/flaky',
      '/html',
      '/tickets',
    ]);

    const json = await check(['--config', file, '--json'], { CRM_TOKEN: TOKEN, BILLING_TOKEN: undefined });
    expect(json.status).toBe(1);
    expect(json.stdout).not.toContain(TOKEN);
    const found = JSON.parse(json.stdout) as ConfigCheck;
    expect(found.ok).toBe(false);
    expect(found.failures).toEqual(
      result.stderr
        .trim()
        .split('\n')
        .map((line) => line.replace(/^oxide-mirror: /, '')),
    );
    const crmFound = found.sources.find((s) => s.source === 'crm');
    expect(crmFound?.resources.find((r) => r.resource === 'deals')).toMatchObject({
      ok: false,
      reachable: true,
      status: 401,
    });
    expect(crmFound?.resources.find((r) => r.resource === 'tickets')?.firstItem).toEqual({
      decoded: false,
      issues: [
        {
          path: 'data[0].updated_at',
          reason:
            'expected an RFC 3339 timestamp (e.g. 2024-05-01T12:00:00Z) between years 0000 and 9999, got "Bearer [redacted]"',
        },
      ],
      fields: ['id', 'updated_at'],
    });
    expect(found.sources.find((s) => s.source === 'billing')).toEqual({
      source: 'billing',
      type: 'http',
      ok: false,
      problem:
        "headers.Authorization: environment variable BILLING_TOKEN is not set (the header's value is read from it)",
      resources: [],
    });

    expect(readdirSync(dir).sort()).toEqual(before);
  }, 60_000);

  it('an unreachable server is reported as not reachable', async () => {
    const crm = await crmApi();
    const url = crm.url;
    await crm.close();
    const { file } = writeConfig({ sources: [crmSource({ ...crm, url }, [contacts])] });
    const result = await check(['--config', file, '--json']);
    expect(result.status).toBe(1);
    const found = JSON.parse(result.stdout) as ConfigCheck;
    expect(found.sources[0]?.resources[0]).toMatchObject({ ok: false, reachable: false });
    expect(found.failures).toEqual([
      expect.stringMatching(new RegExp(`^crm/contacts: GET ${url}/contacts → network error`)),
    ]);
  });

  it('an invalid config exits 2 naming the file, the path in it and why; nothing is requested or written', async () => {
    const crm = await crmApi();
    const { dir, file } = writeConfig({
      sources: [{ ...crmSource(crm, [contacts]), timeoutMs: '30s' }],
    });
    const result = await check(['--config', file]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `oxide-mirror: ${file}: sources[0].timeoutMs: expected a positive integer, got "30s"\n`,
    );
    expect(crm.requests).toEqual([]);
    expect(readdirSync(dir)).toEqual(['mirror.config.json']);
  });

  it('usage errors exit 2: no --config, a config that cannot be read', async () => {
    const none = await check([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toBe(
      "oxide-mirror: required option '--config <PATH>' not specified\nsee: oxide-mirror check --help\n",
    );

    const missing = tmp.path('nowhere.json');
    const unreadable = await check(['--config', missing]);
    expect(unreadable.status).toBe(2);
    expect(unreadable.stderr).toBe(
      `oxide-mirror: --config: cannot read ${missing}: ENOENT: no such file or directory, open '${missing}'\n`,
    );
  });
});
