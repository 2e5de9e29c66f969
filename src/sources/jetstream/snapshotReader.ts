import { Objm, type ObjectResult, type ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { causeMessage } from '../../errors/describeCause.js';
import { JetStreamSourceError } from '../../errors/JetStreamSourceError.js';
import type { Delta } from '../../model/Delta.js';
import type { Rejection } from '../../model/SourceEmission.js';
import { SNAPSHOT_STREAM_SEQ_KEY, snapshotObjectName } from '../../nats/fleetSnapshot.js';
import { decodeNdjsonLine } from '../files/decodeNdjsonLine.js';
import { DEFAULT_MAX_LINE_BYTES } from '../files/NdjsonLineSplitter.js';
import type { NumberedLine } from '../files/NumberedLine.js';
import { readNdjsonLines } from '../files/readNdjsonLines.js';
import { isStreamNotFound, jetStreamFailure } from './jetStreamFailure.js';

export interface SnapshotReaderSettings {
  readonly source: string;
  readonly stream: string;
  readonly bucket: string;
  /** Lines per read. */
  readonly limit: number;
}

/** Where a join from a snapshot stands: the object (`nuid`), the sequence it covers, the last line read. */
export interface SnapshotPosition {
  readonly nuid: string;
  readonly seq: number;
  readonly line: number;
}

/** One read of a snapshot: its deltas, where it stands after them, and whether the snapshot ended. */
export interface SnapshotRead {
  readonly emissions: readonly (Delta | Rejection)[];
  readonly position: SnapshotPosition;
  readonly ended: boolean;
}

export interface SnapshotReader {
  /**
   * The lines after `from` (from the start without it), up to the limit; `undefined` when there is no
   * snapshot (no bucket, or no object in it yet). A `from` of a snapshot since replaced restarts at the
   * replacement's first line.
   */
  read(from: SnapshotPosition | undefined, logger: Logger | undefined): Promise<SnapshotRead | undefined>;
  close(): void;
}

interface OpenSnapshot {
  readonly nuid: string;
  readonly seq: number;
  readonly result: ObjectResult;
  readonly data: Readable;
  readonly lines: AsyncGenerator<NumberedLine>;
  /** The last line handed out. */
  line: number;
}

const DECIMAL = /^(0|[1-9][0-9]{0,15})$/;

/**
 * Reads the latest snapshot of a stream from its Object Store bucket (object {@link snapshotObjectName},
 * sequence in metadata {@link SNAPSHOT_STREAM_SEQ_KEY}): NDJSON delta lines, a page at a time, the
 * object kept open from read to read while each read starts where the last ended.
 */
export const snapshotReader = (
  connection: NatsConnection,
  settings: SnapshotReaderSettings,
): SnapshotReader => {
  const { source, stream, bucket, limit } = settings;
  const name = snapshotObjectName(stream);
  const where = `snapshot ${bucket}/${name}`;
  let store: ObjectStore | undefined;
  let open: OpenSnapshot | undefined;

  const close = () => {
    open?.data.destroy();
    open = undefined;
  };

  const openStore = async (): Promise<ObjectStore | undefined> => {
    try {
      store ??= await new Objm(connection).open(bucket);
      return store;
    } catch (err) {
      // No bucket yet: the publisher has not written a first snapshot.
      if (isStreamNotFound(err) || causeMessage(err) === 'object store not found') return undefined;
      throw jetStreamFailure(source, stream, `cannot open the snapshot bucket ${bucket}`, err);
    }
  };

  const openObject = async (): Promise<OpenSnapshot | undefined> => {
    const objects = await openStore();
    if (objects === undefined) return undefined;
    const result = await objects
      .get(name)
      .catch((err: unknown) =>
        Promise.reject(jetStreamFailure(source, stream, `cannot read the ${where}`, err)),
      );
    if (result === null) return undefined;
    const seqText = result.info.metadata?.[SNAPSHOT_STREAM_SEQ_KEY];
    if (seqText === undefined || !DECIMAL.test(seqText) || !Number.isSafeInteger(Number(seqText))) {
      void result.data.cancel().catch(() => undefined);
      throw new JetStreamSourceError(
        source,
        stream,
        `the ${where} has no stream sequence in its metadata ${SNAPSHOT_STREAM_SEQ_KEY} ` +
          `(${seqText === undefined ? 'missing' : JSON.stringify(seqText)}): it was not written by an oxide-mirror publisher`,
      );
    }
    const data = Readable.fromWeb(result.data);
    return {
      nuid: result.info.nuid,
      seq: Number(seqText),
      result,
      data,
      lines: readNdjsonLines(data, DEFAULT_MAX_LINE_BYTES),
      line: 0,
    };
  };

  return {
    read: async (from, logger) => {
      if (open === undefined || from === undefined || open.nuid !== from.nuid || open.line !== from.line) {
        close();
        open = await openObject();
        if (open === undefined) return undefined;
        if (from !== undefined && from.nuid !== open.nuid) {
          logger?.warn(
            { snapshot: where, was: from.nuid, now: open.nuid },
            'the snapshot was replaced while joining from it: joining from the new one, from its start',
          );
        } else if (from !== undefined) {
          open.line = from.line;
        }
      }
      const current = open;
      const emissions: (Delta | Rejection)[] = [];
      let ended = false;
      try {
        while (emissions.length < limit) {
          const next = await current.lines.next();
          if (next.done === true) {
            ended = true;
            break;
          }
          // Lines already applied (before a restart) are read past, not emitted again.
          if (next.value.n <= current.line) continue;
          emissions.push(decodeNdjsonLine(next.value, `${where} line ${next.value.n}`));
          current.line = next.value.n;
        }
        // The digest and the chunk count are checked as the last chunk is read (no error: `null` or `undefined`).
        const failure = ended ? await current.result.error : null;
        if (failure !== null && failure !== undefined) throw failure;
      } catch (err) {
        close();
        throw jetStreamFailure(source, stream, `cannot read the ${where}`, err);
      }
      if (ended) close();
      return { emissions, position: { nuid: current.nuid, seq: current.seq, line: current.line }, ended };
    },
    close,
  };
};
