import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  /** Path and query, e.g. `/items?page=2`. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export interface TestServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Requests being answered right now, and the most at once so far. */
  readonly inFlight: { now: number; max: number };
  close(): Promise<void>;
}

export type TestHandler = (req: IncomingMessage, res: ServerResponse, n: number) => void | Promise<void>;

/**
 * A real HTTP server on 127.0.0.1 and a free port, for one test: records every request, counts
 * concurrent ones, and closes every connection on `close()` (slow handlers included).
 */
export const startHttpServer = async (handler: TestHandler): Promise<TestServer> => {
  const requests: RecordedRequest[] = [];
  const inFlight = { now: 0, max: 0 };
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    inFlight.now++;
    inFlight.max = Math.max(inFlight.max, inFlight.now);
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      inFlight.now--;
    };
    res.on('close', finish);
    Promise.resolve(handler(req, res, requests.length)).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(599);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    inFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** Answers JSON with a status and optional headers. */
export const sendJson = (
  res: ServerResponse,
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

/**
 * For a test file: `serve(handler)` starts a server (as {@link startHttpServer}) that is closed after
 * the test that started it.
 */
export const useHttpServers = (): ((handler: TestHandler) => Promise<TestServer>) => {
  const open: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  return async (handler) => {
    const server = await startHttpServer(handler);
    open.push(server);
    return server;
  };
};
