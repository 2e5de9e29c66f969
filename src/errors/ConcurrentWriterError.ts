import { MirrorError } from './MirrorError.js';

/** The record whose stored version was not the one a decision was made against. */
export interface ChangedRecord {
  readonly resource: string;
  readonly recordId: string;
  readonly expectedVersion: number | null;
}

/**
 * The stored state changed under the pipeline: another connection committed to the database since
 * this mirror's last commit, or touched a record between the decision and the commit. The batch was
 * rolled back. `resource`, `recordId` and `expectedVersion` name the record when one was caught.
 */
export class ConcurrentWriterError extends MirrorError {
  readonly code = 'CONCURRENT_WRITER';
  override name = 'ConcurrentWriterError';
  readonly resource: string | undefined;
  readonly recordId: string | undefined;
  readonly expectedVersion: number | null | undefined;

  constructor(record?: ChangedRecord) {
    super(
      record === undefined
        ? 'another connection committed to this database since the mirror’s last commit: is a second writer using this database? The batch was rolled back.'
        : `${record.resource}/${record.recordId} changed under the mirror (expected version ${record.expectedVersion ?? 'none'}): is a second writer using this database? The batch was rolled back.`,
    );
    this.resource = record?.resource;
    this.recordId = record?.recordId;
    this.expectedVersion = record?.expectedVersion;
  }
}
