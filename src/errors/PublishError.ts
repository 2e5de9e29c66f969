import { MirrorError, type MirrorErrorOptions } from './MirrorError.js';

/**
 * Publishing a mirror's changes to a JetStream stream cannot go on without a change by the user: the
 * stream does not take the publisher's subjects, a resource name is not a subject token, a message is
 * larger than the server takes. (NATS being unreachable is not one: the publisher waits and retries.)
 */
export class PublishError extends MirrorError {
  readonly code = 'PUBLISH_FAILED';
  override name = 'PublishError';

  constructor(
    /** The stream published to. */
    readonly stream: string,
    /** The resource whose event could not be published, when one is to blame. */
    readonly resource: string | undefined,
    reason: string,
    options?: MirrorErrorOptions,
  ) {
    super(
      `publishing to stream ${stream}${resource === undefined ? '' : ` (resource ${JSON.stringify(resource)})`}: ${reason}`,
      options,
    );
  }
}
