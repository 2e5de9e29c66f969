import { MirrorError } from './MirrorError.js';

/**
 * Replaying the event log reached a different outcome than the log records: a strategy decided
 * otherwise, or (for an event whose strategy replay did not have, see `takenAsLogged`) the logged
 * decision does not follow from the events before it.
 */
export class ReplayDivergedError extends MirrorError {
  readonly code = 'REPLAY_DIVERGED';
  override name = 'ReplayDivergedError';

  /**
   * `takenAsLogged` names the strategy of the event when replay did not re-decide it but applied its
   * logged decision: then no strategy answered, and the log contradicts itself.
   */
  constructor(
    readonly seq: number,
    readonly logged: string,
    readonly replayed: string,
    readonly takenAsLogged?: string,
  ) {
    super(
      takenAsLogged === undefined
        ? `replay diverged at event ${seq}: the log says "${logged}", the strategy now answers "${replayed}" (is the strategy deterministic?)`
        : `replay diverged at event ${seq}: the log says "${logged}", but that decision taken against the rebuilt record gives "${replayed}" (strategy "${takenAsLogged}" is not known here, so the event was applied as logged, not re-decided: the log contradicts the events before it)`,
    );
  }
}
