import { formatIssues } from '../errors/DecodeError.js';
import { causeMessage } from '../errors/describeCause.js';
import { HttpSourceError } from '../errors/HttpSourceError.js';
import { SourceTimeoutError } from '../errors/SourceTimeoutError.js';
import { FileSourceError } from '../sources/files/FileSourceError.js';
import type { SecretMask } from '../sources/transport/SecretMask.js';
import type { ResourceCheck } from './ConfigCheck.js';
import type { FirstPull } from './FirstPull.js';
import { firstItemCheck } from './firstItemCheck.js';
import { statusText } from './statusText.js';

/** What a check asked of one resource, and how to read its answer. */
export interface ResourceRequest {
  /** Absent for file sources. */
  readonly resource?: string;
  /** `GET URL` or `read PATH`, as shown when no response names its URL. */
  readonly request: string;
  /** Whether the source talks HTTP (then reachability and the status are reported). */
  readonly http: boolean;
  readonly note?: string;
}

/** The failure of a pull in one line, without the source (the check's label names it). */
const failureOf = (
  error: unknown,
  request: ResourceRequest,
): { readonly problem: string; readonly reachable?: boolean; readonly status?: number } => {
  if (error instanceof HttpSourceError) {
    // A status failure reads `HTTP 401 Unauthorized: body`: the arrow says it is HTTP. A response whose
    // body is wrong (not JSON, not the configured shape) came with a status worth showing too.
    const answer =
      error.kind === 'status'
        ? error.reason.replace(/^HTTP /, '')
        : error.status === undefined
          ? error.reason
          : `${statusText(error.status)}: ${error.reason}`;
    return {
      reachable: error.kind !== 'network' && error.kind !== 'timeout',
      ...(error.status === undefined ? {} : { status: error.status }),
      problem: `GET ${error.url} → ${answer}`,
    };
  }
  if (error instanceof FileSourceError) return { problem: `${error.path}: ${error.reason}` };
  if (error instanceof SourceTimeoutError) {
    return {
      ...(request.http ? { reachable: false } : {}),
      problem: `${request.request}: no answer within ${error.timeoutMs} ms (pullTimeoutMs)`,
    };
  }
  return { problem: `${request.request}: ${causeMessage(error)}` };
};

/**
 * What a check found of one resource from its one pull: the request and its status, the number of
 * items in the first page and the first item as sync would decode it. It checks out when the pull
 * succeeded and the first item, if any, decodes. Every text passes through the source's `mask`.
 */
export const resourceCheck = (
  request: ResourceRequest,
  pulled: FirstPull,
  mask: SecretMask,
): ResourceCheck => {
  const resource = request.resource === undefined ? {} : { resource: request.resource };
  const note = request.note === undefined ? {} : { note: request.note };
  if ('error' in pulled) {
    const failure = failureOf(pulled.error, request);
    return {
      ...resource,
      request: mask.text(request.request),
      ok: false,
      ...failure,
      problem: mask.text(failure.problem),
    };
  }
  const { page, response } = pulled;
  const asked = mask.text(response === undefined ? request.request : `GET ${response.url}`);
  const first = page.emissions[0];
  const firstItem = first === undefined ? undefined : firstItemCheck(first, mask);
  const undecoded =
    firstItem !== undefined && !firstItem.decoded
      ? { problem: `first item does not decode (${asked}): ${formatIssues(firstItem.issues)}` }
      : {};
  return {
    ...resource,
    request: asked,
    ok: !('problem' in undecoded),
    ...(response === undefined ? {} : { reachable: true, status: response.status }),
    items: page.emissions.length,
    ...(firstItem === undefined ? {} : { firstItem }),
    ...note,
    ...undecoded,
  };
};
