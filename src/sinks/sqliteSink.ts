import { map, type OperatorFunction } from 'rxjs';
import type { MirrorItem } from '../model/MirrorItem.js';
import type { MirrorStore } from '../store/MirrorStore.js';
import type { AppliedBatch } from './AppliedBatch.js';
import { batchWriter, type BatchWriterOptions } from './batchWriter.js';

export type SqliteSinkOptions = BatchWriterOptions;

/**
 * The mirror's writer as an operator: commits each batch in one transaction on `store`'s connection,
 * on this thread, as {@link batchWriter} describes, and emits each {@link AppliedBatch} after COMMIT.
 * A batch that fails is rolled back and the stream errors with the writer's error; nothing of it
 * remains. Statements are prepared once, when the operator is created.
 */
export const sqliteSink = (
  store: MirrorStore,
  options: SqliteSinkOptions = {},
): OperatorFunction<readonly MirrorItem[], AppliedBatch> => map(batchWriter(store, options));
