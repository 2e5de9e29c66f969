import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fake service: named collections of JSON items, each with `id` and `updated_at`. */
export type ServiceData = Readonly<Record<string, readonly Readonly<Record<string, unknown>>[]>>;

export interface RunningService {
  readonly baseUrl: string;
  close(): Promise<void>;
}

const PAGE_SIZE = 10;

/**
 * Serves a service's collections the way many real APIs do: `GET /<collection>?cursor=N&updated_since=T`
 * answers `{ "data": [...], "next_cursor": "N" | null }`, items ordered by `updated_at`, on 127.0.0.1 only.
 */
export const startService = async (data: ServiceData): Promise<RunningService> => {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const items = data[url.pathname.slice(1)];
    if (req.method !== 'GET' || items === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const since = url.searchParams.get('updated_since');
    const matching = [...items]
      .filter((item) => since === null || String(item.updated_at) >= since)
      .sort((a, b) => String(a.updated_at).localeCompare(String(b.updated_at)));
    const start = Number(url.searchParams.get('cursor') ?? '0');
    const page = matching.slice(start, start + PAGE_SIZE);
    const next = start + PAGE_SIZE < matching.length ? String(start + PAGE_SIZE) : null;
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ data: page, next_cursor: next }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
};

/** Reads a shipped data set (a JSON object of collections). */
export const readServiceData = (path: URL): ServiceData =>
  JSON.parse(readFileSync(path, 'utf8')) as ServiceData;
