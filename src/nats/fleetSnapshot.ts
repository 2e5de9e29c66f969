/** The Object Store object that holds a stream's latest snapshot: named after the stream. */
export const snapshotObjectName = (stream: string): string => stream;
/** Object metadata: the last stream sequence whose message the snapshot covers (decimal text). */
export const SNAPSHOT_STREAM_SEQ_KEY = 'oxide-mirror-stream-seq';
