import { DecodeError } from '../../src/errors/DecodeError.js';
import { decodeMirrorConfig, parseMirrorConfig } from '../../src/config/decodeMirrorConfig.js';

/** A valid config with every source type; each test breaks one thing. */
const valid = () => ({
  db: 'mirror.db',
  strategy: 'last-write-wins',
  strategyFor: { contacts: 'highest-confidence' },
  batchSize: 500,
  pollIntervalMs: 30_000,
  sources: [
    {
      id: 'crm',
      type: 'http',
      baseUrl: 'https://crm.example.com/api/',
      headers: { Authorization: { env: 'CRM_TOKEN', prefix: 'Bearer ' }, Accept: 'application/json' },
      confidence: 0.9,
      timeoutMs: 10_000,
      maxConcurrency: 2,
      retry: { limit: 5, baseDelayMs: 500, maxDelayMs: 30_000 },
      resources: [
        {
          name: 'contacts',
          url: 'contacts',
          items: 'data',
          id: 'id',
          occurredAt: 'updated_at',
          paging: { type: 'cursor', next: 'meta.next_cursor', param: 'cursor' },
          since: { param: 'updated_since' },
          deleted: { field: 'archived' },
        },
        {
          name: 'deals',
          url: 'https://deals.example.com/v2/deals',
          id: 'deal.id',
          occurredAt: 'deal.modified',
          paging: { type: 'link' },
          deleted: { field: 'deal.deleted_at', when: 'present' },
          query: { expand: 'owner' },
        },
      ],
    },
    { id: 'pets', type: 'couchdb', url: 'http://127.0.0.1:5984/pets', resource: 'pets' },
    { id: 'drops', type: 'directory', path: 'inbox', pattern: '.ndjson' },
    { id: 'seed', type: 'ndjson', path: 'seed.ndjson' },
    {
      id: 'fleet',
      type: 'jetstream',
      nats: 'nats://127.0.0.1:4222',
      stream: 'CRM',
      subjectPrefix: 'mirror.crm',
      limit: 200,
      snapshot: { bucket: 'crm-snapshots' },
    },
  ],
});

type Config = ReturnType<typeof valid>;
type Mutable = Record<string, unknown>;

/** The message decoding a broken config fails with. */
const errorOf = (change: (config: Config) => void): string => {
  const config = valid();
  change(config);
  try {
    decodeMirrorConfig(config, 'mirror.config.json');
  } catch (err) {
    expect(err).toBeInstanceOf(DecodeError);
    return (err as DecodeError).message;
  }
  throw new Error('expected the config to be refused');
};

const http = (config: Config) => config.sources[0] as Mutable & { resources: Mutable[] };

describe('mirror.config.json', () => {
  it('decodes a valid config with every source type', () => {
    const config = decodeMirrorConfig(valid(), 'mirror.config.json');
    expect(config.sources.map((s) => s.type)).toEqual([
      'http',
      'couchdb',
      'directory',
      'ndjson',
      'jetstream',
    ]);
    expect(config.strategyFor).toEqual({ contacts: 'highest-confidence' });
  });

  it('takes onRefusal record or fail, and names anything else', () => {
    expect(decodeMirrorConfig({ ...valid(), onRefusal: 'fail' }, 'mirror.config.json').onRefusal).toBe(
      'fail',
    );
    expect(errorOf((c) => ((c as Mutable).onRefusal = 'ignore'))).toBe(
      'mirror.config.json: onRefusal: expected one of "record" | "fail", got "ignore"',
    );
  });

  it('takes writer inline or thread, and names anything else', () => {
    expect(decodeMirrorConfig({ ...valid(), writer: 'thread' }, 'mirror.config.json').writer).toBe('thread');
    expect(decodeMirrorConfig(valid(), 'mirror.config.json').writer).toBeUndefined();
    expect(errorOf((c) => ((c as Mutable).writer = 'threads'))).toBe(
      'mirror.config.json: writer: expected one of "inline" | "thread", got "threads"',
    );
  });

  it('names a wrong paging type and lists the allowed ones', () => {
    expect(errorOf((c) => (http(c).resources[0]!.paging = { type: 'pages' }))).toBe(
      'mirror.config.json: sources[0].resources[0].paging.type: expected one of "cursor" | "link" | "page" | "offset", got "pages"',
    );
  });

  it('names an unknown source type', () => {
    expect(errorOf((c) => ((c.sources[2] as Mutable).type = 'ftp'))).toBe(
      'mirror.config.json: sources[2].type: expected one of "http" | "couchdb" | "ndjson" | "directory" | "jetstream", got "ftp"',
    );
  });

  it('names what is wrong in a jetstream source: server URL, stream and bucket names, subject prefix, fields', () => {
    const jetstream = (c: Config) => c.sources[4] as Mutable;
    expect(errorOf((c) => (jetstream(c).nats = 'http://127.0.0.1:4222'))).toBe(
      'mirror.config.json: sources[4].nats: expected a nats://, tls://, ws:// or wss:// URL, not http://, got "http://127.0.0.1:4222"',
    );
    expect(errorOf((c) => (jetstream(c).stream = 'crm.events'))).toBe(
      'mirror.config.json: sources[4].stream: expected a JetStream name of 1 to 255 characters from A-Z a-z 0-9 _ -, got "crm.events"',
    );
    expect(errorOf((c) => (jetstream(c).subjectPrefix = 'mirror.>'))).toBe(
      'mirror.config.json: sources[4].subjectPrefix: expected subject tokens joined by dots, e.g. "mirror.crm" (no spaces, "*" or ">"), got "mirror.>"',
    );
    expect(errorOf((c) => (jetstream(c).snapshot = { bucket: 'a b' }))).toBe(
      'mirror.config.json: sources[4].snapshot.bucket: expected a JetStream name of 1 to 255 characters from A-Z a-z 0-9 _ -, got "a b"',
    );
    expect(errorOf((c) => (jetstream(c).snapshot = { bucket: 'b', every: 10 }))).toBe(
      'mirror.config.json: sources[4].snapshot.every: unknown field (known: bucket), got 10',
    );
    expect(errorOf((c) => (jetstream(c).limit = 0))).toBe(
      'mirror.config.json: sources[4].limit: expected a positive integer, got 0',
    );
    expect(errorOf((c) => delete jetstream(c).subjectPrefix)).toBe(
      'mirror.config.json: sources[4].subjectPrefix: missing (expected subject tokens joined by dots, e.g. "mirror.crm" (no spaces, "*" or ">"))',
    );
    const minimal = { id: 'fleet', type: 'jetstream', stream: 'CRM', subjectPrefix: 'crm' };
    expect(decodeMirrorConfig({ db: 'm.db', sources: [minimal] }, 'mirror.config.json').sources).toEqual([
      minimal,
    ]);
  });

  it('refuses an unknown field (a typo is never silently ignored)', () => {
    expect(errorOf((c) => (http(c).resources[1]!.pagin = { type: 'link' }))).toBe(
      'mirror.config.json: sources[0].resources[1].pagin: unknown field (known: name, url, id, occurredAt, items, paging, since, deleted, query, confidence), got {"type":"link"}',
    );
  });

  it('names a missing required field', () => {
    expect(errorOf((c) => delete (c as Partial<Config>).db)).toBe(
      'mirror.config.json: db: missing (expected a non-empty string)',
    );
    expect(errorOf((c) => delete http(c).resources[0]!.occurredAt)).toBe(
      'mirror.config.json: sources[0].resources[0].occurredAt: missing (expected a dotted path of field names, e.g. "data.items")',
    );
  });

  it('refuses a credential written in the file, without echoing it', () => {
    expect(errorOf((c) => (http(c).headers = { Authorization: 'Bearer abc123' }))).toBe(
      'mirror.config.json: sources[0].headers.Authorization: a credential must come from the environment, not the config file: use { "env": "VARIABLE", "prefix": "Bearer " }, got "[redacted]"',
    );
    expect(errorOf((c) => (http(c).headers = { 'X-Api-Key': { env: 'K', prefx: 'x' } }))).toBe(
      'mirror.config.json: sources[0].headers["X-Api-Key"].prefx: unknown field (known: env, prefix, suffix), got "x"',
    );
  });

  it('names a wrong strategy, confidence, batch size and deletion rule', () => {
    expect(errorOf((c) => (c.strategyFor = { contacts: 'newest-wins' }))).toBe(
      'mirror.config.json: strategyFor.contacts: expected one of "last-write-wins" | "highest-confidence" | "keep-local" | "merge-json", got "newest-wins"',
    );
    expect(errorOf((c) => (http(c).confidence = 1.5))).toBe(
      'mirror.config.json: sources[0].confidence: expected a number between 0 and 1, got 1.5',
    );
    expect(errorOf((c) => (c.batchSize = 0))).toBe(
      'mirror.config.json: batchSize: expected a positive integer, got 0',
    );
    expect(errorOf((c) => (http(c).resources[0]!.deleted = { field: 'archived', when: 'yes' }))).toBe(
      'mirror.config.json: sources[0].resources[0].deleted.when: expected one of "true" | "present", got "yes"',
    );
  });

  it('checks URLs, distinct resource names and distinct source ids', () => {
    expect(
      errorOf((c) => {
        delete http(c).baseUrl;
      }),
    ).toBe(
      'mirror.config.json: sources[0].resources[0].url: expected an absolute http(s) URL (or set baseUrl), got "contacts"',
    );
    expect(errorOf((c) => (http(c).resources[1]!.name = 'contacts'))).toBe(
      'mirror.config.json: sources[0].resources[1].name: duplicate resource name, got "contacts"',
    );
    expect(errorOf((c) => ((c.sources[3] as Mutable).id = 'crm'))).toBe(
      'mirror.config.json: sources[3].id: duplicate source id (cursors are stored per source id), got "crm"',
    );
  });

  it('reports every wrong field at once, separated by "; "', () => {
    expect(
      errorOf((c) => {
        c.batchSize = -1;
        (c.sources[1] as Mutable).url = 'http://admin:pw@127.0.0.1:5984/pets';
        (c.sources[3] as Mutable).path = '';
      }),
    ).toBe(
      'mirror.config.json: sources[1].url: credentials in the URL are refused: pass them from the environment with headers, e.g. { "Authorization": { "env": "COUCH_AUTH", "prefix": "Basic " } }, got "[redacted]"; ' +
        'sources[3].path: expected a non-empty string, got ""; ' +
        'batchSize: expected a positive integer, got -1',
    );
  });

  it('says when the file is not JSON, or has no sources', () => {
    expect(() => parseMirrorConfig('{"db": "m.db",', 'mirror.config.json')).toThrow(
      /^mirror\.config\.json: not valid JSON \(/,
    );
    expect(() => parseMirrorConfig('{"db": "m.db", "sources": []}', 'mirror.config.json')).toThrow(
      'mirror.config.json: sources: expected at least one entry, got []',
    );
    expect(() => parseMirrorConfig('[]', 'mirror.config.json')).toThrow(
      'mirror.config.json: expected an object, got []',
    );
  });

  describe('publish', () => {
    const publish = { stream: 'CRM', subjectPrefix: 'mirror.crm' };

    it('decodes a publish target with only a stream and a subject prefix, or with a server and a snapshot bucket', () => {
      expect(decodeMirrorConfig({ ...valid(), publish }, 'mirror.config.json').publish).toEqual(publish);
      const full = {
        ...publish,
        nats: 'nats://10.0.0.5:4222',
        snapshot: { bucket: 'crm-snapshots', everyEvents: 5_000, everyMs: 60_000 },
      };
      expect(decodeMirrorConfig({ ...valid(), publish: full }, 'mirror.config.json').publish).toEqual(full);
    });

    it('names each wrong field of publish by its path', () => {
      const errorWith = (value: unknown) => errorOf((c) => ((c as Mutable).publish = value));
      expect(errorWith({ subjectPrefix: 'mirror.crm' })).toBe(
        'mirror.config.json: publish.stream: missing (expected a JetStream name of 1 to 255 characters from A-Z a-z 0-9 _ -)',
      );
      expect(errorWith({ ...publish, stream: 'crm.stream' })).toBe(
        'mirror.config.json: publish.stream: expected a JetStream name of 1 to 255 characters from A-Z a-z 0-9 _ -, got "crm.stream"',
      );
      expect(errorWith({ ...publish, subjectPrefix: 'mirror.>' })).toBe(
        'mirror.config.json: publish.subjectPrefix: expected subject tokens joined by dots, e.g. "mirror.crm" (no spaces, "*" or ">"), got "mirror.>"',
      );
      expect(errorWith({ ...publish, nats: 'http://127.0.0.1:4222' })).toBe(
        'mirror.config.json: publish.nats: expected a nats://, tls://, ws:// or wss:// URL, not http://, got "http://127.0.0.1:4222"',
      );
      expect(errorWith({ ...publish, snapshot: { bucket: 'snaps', every: 10 } })).toBe(
        'mirror.config.json: publish.snapshot.every: unknown field (known: bucket, everyEvents, everyMs), got 10',
      );
      expect(errorWith({ ...publish, snapshot: { everyMs: 0 } })).toBe(
        'mirror.config.json: publish.snapshot.bucket: missing (expected a JetStream name of 1 to 255 characters from A-Z a-z 0-9 _ -); ' +
          'publish.snapshot.everyMs: expected a positive integer, got 0',
      );
      expect(errorWith({ ...publish, subject: 'x' })).toBe(
        'mirror.config.json: publish.subject: unknown field (known: stream, subjectPrefix, nats, snapshot), got "x"',
      );
    });
  });
});
