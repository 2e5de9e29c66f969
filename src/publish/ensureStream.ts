import { JetStreamApiCodes, JetStreamApiError, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { causeMessage } from '../errors/describeCause.js';
import { PublishError } from '../errors/PublishError.js';
import { subjectsCover } from './subjectsCover.js';

/**
 * Makes sure `stream` takes every subject under `subjectPrefix`: creates it when missing (subjects
 * `<prefix>.>`, file storage, JetStream's other defaults: a 2-minute duplicate window), or checks the
 * subjects of the one there. `created` or `verified`.
 * @throws {PublishError} when the stream there does not cover `<prefix>.>`, or JetStream refuses to
 *   create it (another stream takes these subjects, the account's limits).
 */
export const ensureStream = async (
  jsm: JetStreamManager,
  stream: string,
  subjectPrefix: string,
): Promise<'created' | 'verified'> => {
  const wanted = `${subjectPrefix}.>`;
  try {
    const info = await jsm.streams.info(stream);
    const subjects = info.config.subjects ?? [];
    if (!subjectsCover(subjects, subjectPrefix)) {
      throw new PublishError(
        stream,
        undefined,
        `the stream exists with subjects ${JSON.stringify(subjects)}, which do not cover ${wanted}: ` +
          `add ${wanted} to them (nats stream edit ${stream} --subjects …), or publish to another stream`,
      );
    }
    return 'verified';
  } catch (err) {
    if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound)) throw err;
  }
  try {
    await jsm.streams.add({ name: stream, subjects: [wanted], storage: StorageType.File });
    return 'created';
  } catch (err) {
    if (err instanceof JetStreamApiError && err.status !== 503) {
      throw new PublishError(stream, undefined, `JetStream refused to create it: ${causeMessage(err)}`, {
        cause: err,
      });
    }
    throw err;
  }
};
