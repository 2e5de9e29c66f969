import type { PublishReport } from '../publish/Publisher.js';

/** A publisher's report in two lines, for after the sync report. */
export const formatPublishReport = (r: PublishReport): string => {
  const at =
    r.position === undefined
      ? 'NATS not reached'
      : `event ${r.position.eventSeq} = stream seq ${r.position.streamSeq}`;
  return [
    `published to ${r.stream}: ${r.published} new, ${r.duplicates} duplicate(s) dropped by JetStream, ${r.snapshots} snapshot(s)`,
    `publish position ${at}; lag ${r.lag} event(s)${r.lag > 0 ? ' (the next run publishes them)' : ''}`,
  ].join('\n');
};
