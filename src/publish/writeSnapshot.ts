import Database from 'better-sqlite3';
import type { ObjectStore } from '@nats-io/obj';
import { SNAPSHOT_STREAM_SEQ_KEY, snapshotObjectName } from '../nats/fleetSnapshot.js';
import { prepareReadPublishCursor } from '../store/statements/readPublishCursor.js';
import { prepareReadPublishableEvents } from '../store/statements/readPublishableEvents.js';
import { prepareReadStatePage } from '../store/statements/readStatePage.js';
import { deltaLine } from './deltaLine.js';
import type { SnapshotReport } from './Publisher.js';

/** State entries read per page while a snapshot streams out. */
const SNAPSHOT_PAGE = 1_000;

export interface WriteSnapshotOptions {
  /** The mirror database file (a separate read-only connection is opened on it). */
  readonly path: string;
  readonly stream: string;
  readonly bucket: string;
  readonly store: ObjectStore;
}

/**
 * Writes the mirror's state to the Object Store object named after the stream: one upsert line per
 * live record, one delete line per tombstone, in (resource, record_id) order, with the metadata
 * {@link SNAPSHOT_STREAM_SEQ_KEY} = the stream sequence of the last event published. It reads on a
 * connection of its own, in one read transaction (WAL: the writer goes on meanwhile), and only when
 * that transaction sees the publisher caught up (every event that changed the mirror acknowledged), so
 * the state is exactly what the stream holds up to that sequence. `undefined` when not caught up.
 */
export const writeSnapshot = async (options: WriteSnapshotOptions): Promise<SnapshotReport | undefined> => {
  const db = new Database(options.path, { readonly: true, fileMustExist: true });
  try {
    db.exec('BEGIN');
    const cursor = prepareReadPublishCursor(db)(options.stream);
    if (cursor === undefined) return undefined;
    if (prepareReadPublishableEvents(db)(cursor.eventSeq, Number.MAX_SAFE_INTEGER, 1).length > 0) {
      return undefined;
    }
    const readPage = prepareReadStatePage(db);
    const encoder = new TextEncoder();
    let after = { resource: '', recordId: '' };
    let records = 0;
    let tombstones = 0;
    const content = new ReadableStream<Uint8Array>({
      pull: (controller) => {
        const page = readPage(after.resource, after.recordId, SNAPSHOT_PAGE);
        const last = page[page.length - 1];
        if (last === undefined) {
          controller.close();
          return;
        }
        let text = '';
        for (const entry of page) {
          if (entry.op === 'delete') tombstones++;
          else records++;
          text += `${deltaLine({ ...entry, payloadJson: entry.payloadJson ?? 'null' })}\n`;
        }
        controller.enqueue(encoder.encode(text));
        after = last;
      },
    });
    const object = snapshotObjectName(options.stream);
    const info = await options.store.put(
      { name: object, metadata: { [SNAPSHOT_STREAM_SEQ_KEY]: String(cursor.streamSeq) } },
      content,
    );
    return {
      bucket: options.bucket,
      object,
      streamSeq: cursor.streamSeq,
      records,
      tombstones,
      bytes: info.size,
    };
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
    db.close();
  }
};
