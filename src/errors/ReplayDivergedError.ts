import { MirrorError } from './MirrorError.js';

/** Replaying the event log through the strategies reached a different decision than the log records. */
export class ReplayDivergedError extends MirrorError {
  readonly code = 'REPLAY_DIVERGED';
  override name = 'ReplayDivergedError';

  constructor(
    readonly seq: number,
    readonly logged: string,
    readonly replayed: string,
  ) {
    super(
      `replay diverged at event ${seq}: the log says "${logged}", the strategy now answers "${replayed}" (is the strategy deterministic?)`,
    );
  }
}
