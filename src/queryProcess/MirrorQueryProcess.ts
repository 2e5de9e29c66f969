import type { ResourceDescription } from '../discovery/MirrorDescription.js';
import type { ResourceOverview } from '../discovery/listMirrorResources.js';
import type { QueryCallOptions } from '../query/QueryOptions.js';
import type { QueryParams } from '../query/QueryParams.js';
import type { QueryResult } from '../query/QueryResult.js';

/** Options of one {@link MirrorQueryProcess.describe} or {@link MirrorQueryProcess.listResources} call. */
export interface DiscoveryCallOptions {
  /** Hard time limit of the whole call in milliseconds; default the service's `timeoutMs`. */
  readonly timeoutMs?: number;
}

/**
 * A read-only query service whose statements run in a child process, so that a time limit is hard: a
 * query still running at its limit has its process killed (SIGKILL) and fails with a {@link QueryError}
 * saying so; the next call transparently gets a fresh process. One call runs at a time, the others wait
 * in order (waiting time does not count against their limits). The host's event loop and the writer are
 * never blocked: the child reads through its own read-only WAL connection.
 *
 * Errors come back as the typed classes the child threw ({@link QueryRefusedError}, {@link QueryError},
 * {@link StorageError}, {@link InvalidOptionsError}) with their fields.
 */
export interface MirrorQueryProcess {
  /** {@link MirrorQuery.query}, bounded by rows, bytes and a hard time limit (`options.timeoutMs`). */
  query(sql: string, params?: QueryParams, options?: QueryCallOptions): Promise<QueryResult>;
  /** {@link describeMirror} run in the child, under a hard time limit. */
  describe(resource?: string, options?: DiscoveryCallOptions): Promise<ResourceDescription[]>;
  /** {@link listMirrorResources} run in the child, under a hard time limit. */
  listResources(options?: DiscoveryCallOptions): Promise<ResourceOverview[]>;
  /** The current child's process id, if one is running (for diagnostics and tests). */
  readonly pid: number | undefined;
  /**
   * Rejects waiting calls and the running one with a {@link QueryError}, and ends the child (it closes
   * its connection and exits; killed if it does not within a second). Idempotent.
   */
  close(): Promise<void>;
}
