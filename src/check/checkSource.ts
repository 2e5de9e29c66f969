import type { Logger } from 'pino';
import type { SourceConfig } from '../config/SourceConfig.js';
import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';
import type { CouchSourceConfig } from '../sources/couchdb/CouchSourceConfig.js';
import { couchChangesSource } from '../sources/couchdb/couchChangesSource.js';
import { directorySource } from '../sources/files/directorySource.js';
import { DEFAULT_DIRECTORY_PATTERN } from '../sources/files/DirectorySourceConfig.js';
import { ndjsonFileSource } from '../sources/files/ndjsonFileSource.js';
import { resourceUrl, type HttpSourceConfig } from '../sources/http/HttpSourceConfig.js';
import { httpSyncSources } from '../sources/http/httpSyncSources.js';
import { pageRequestUrl } from '../sources/http/pageRequestUrl.js';
import type { SyncSource } from '../sources/SyncSource.js';
import { resolveHeaders } from '../sources/transport/resolveHeaders.js';
import { SecretMask } from '../sources/transport/SecretMask.js';
import type { ResourceCheck, SourceCheck } from './ConfigCheck.js';
import { checkJetStream } from './checkJetStream.js';
import type { FirstPull } from './FirstPull.js';
import { pullFirstPage } from './pullFirstPage.js';
import { resourceCheck } from './resourceCheck.js';

export interface CheckSourceOptions {
  /** Where `{ "env": NAME }` headers are read, as sync reads them. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** How long the one pull of each resource may take (the config's `pullTimeoutMs`). */
  readonly pullTimeoutMs: number;
  readonly logger?: Logger;
}

interface Status {
  readonly status: number;
  readonly url: string;
}

/** A pull that came back, with the response it came in (if the source talks HTTP and it answered). */
const withResponse = (
  pulled: Awaited<ReturnType<typeof pullFirstPage>>,
  response: Status | undefined,
): FirstPull => ('page' in pulled && response !== undefined ? { ...pulled, response } : pulled);

/** No retries: a check makes one request per resource, and reports what that one got. */
const checkHttp = (
  config: HttpSourceConfig,
  mask: SecretMask,
  options: CheckSourceOptions,
): Promise<ResourceCheck[]> => {
  const responses = new Map<string, Status>();
  const sources = httpSyncSources(
    { ...config, retry: { ...config.retry, limit: 0 } },
    { env: options.env, onResponse: ({ url, status }) => responses.set(url, { url, status }) },
  );
  return Promise.all(
    config.resources.map(async (resource, i) => {
      const source = sources[i];
      if (source === undefined) throw new Error(`no sync source for resource "${resource.name}"`);
      // The URL the first pull asks for, by the same function: its response is recognised by it.
      const url = pageRequestUrl(resourceUrl(config, resource), resource, {});
      const pulled = await pullFirstPage(source, config.id, {
        timeoutMs: options.pullTimeoutMs,
        logger: options.logger,
      });
      return resourceCheck(
        { resource: resource.name, request: `GET ${url}`, http: true },
        withResponse(pulled, responses.get(url)),
        mask,
      );
    }),
  );
};

const checkCouch = async (
  config: CouchSourceConfig,
  mask: SecretMask,
  options: CheckSourceOptions,
): Promise<ResourceCheck[]> => {
  let response: Status | undefined;
  const source = couchChangesSource(config, {
    env: options.env,
    retryLimit: 0,
    onResponse: ({ url, status }) => (response = { url, status }),
  });
  const pulled = await pullFirstPage(source, config.id, {
    timeoutMs: options.pullTimeoutMs,
    logger: options.logger,
  });
  const note =
    config.occurredAtField === undefined
      ? 'occurred_at is the time a change is observed (no occurredAtField)'
      : `occurred_at is the document's ${config.occurredAtField} (a deletion's: the time it is observed)`;
  return [
    resourceCheck(
      {
        resource: config.resource,
        request: `GET ${config.url.replace(/\/+$/, '')}/_changes`,
        http: true,
        note,
      },
      withResponse(pulled, response),
      mask,
    ),
  ];
};

const checkFiles = async (
  id: string,
  source: SyncSource,
  request: string,
  options: CheckSourceOptions,
): Promise<ResourceCheck[]> => {
  const pulled = await pullFirstPage(source, id, {
    timeoutMs: options.pullTimeoutMs,
    logger: options.logger,
  });
  return [resourceCheck({ request, http: false }, pulled, new SecretMask([]))];
};

/**
 * Checks one source of a config the way sync would start it, writing nothing: its environment
 * secrets are resolved first (a missing variable is named, and nothing is requested), then each
 * resource's first page is pulled once, by the source's own code, from no cursor: one GET per HTTP
 * resource and per CouchDB source (no retries), one read of an NDJSON file or a directory, one fetch
 * of a JetStream source (after its stream's state and its snapshot are reported). What
 * the page held is reported; its cursor is dropped.
 */
export const checkSource = async (
  config: SourceConfig,
  options: CheckSourceOptions,
): Promise<SourceCheck> => {
  const found = { source: config.id, type: config.type };
  const where = `source "${config.id}"`;
  let mask: SecretMask;
  try {
    const headers = config.type === 'http' || config.type === 'couchdb' ? config.headers : undefined;
    mask = new SecretMask(resolveHeaders(headers, options.env, where).secrets);
  } catch (error) {
    if (!(error instanceof InvalidOptionsError)) throw error;
    // `source "crm" headers.Authorization: environment variable …`: the check's label names the source.
    const problem = error.message.startsWith(`${where} `)
      ? error.message.slice(where.length + 1)
      : error.message;
    return { ...found, ok: false, problem, resources: [] };
  }
  const resources = await (() => {
    switch (config.type) {
      case 'http':
        return checkHttp(config, mask, options);
      case 'couchdb':
        return checkCouch(config, mask, options);
      case 'ndjson':
        return checkFiles(config.id, ndjsonFileSource(config), `read ${config.path}`, options);
      case 'directory':
        return checkFiles(
          config.id,
          directorySource(config),
          `read ${config.path} (*${config.pattern ?? DEFAULT_DIRECTORY_PATTERN})`,
          options,
        );
      case 'jetstream':
        return checkJetStream(config, { pullTimeoutMs: options.pullTimeoutMs, logger: options.logger });
    }
  })();
  return { ...found, ok: resources.every((r) => r.ok), resources };
};
