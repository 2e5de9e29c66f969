/** The signals that stop a long command: Ctrl-C, and what service managers and `kill` send. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Exit code after an interrupt that did not wait (128 + SIGINT's number, as shells report it). */
export const INTERRUPTED_EXIT_CODE = 130;

export interface StopOnSignalsOptions {
  readonly signals: Pick<NodeJS.Process, 'on' | 'off'>;
  /** The first signal: stop gracefully (stop reading, commit what was read). Called once. */
  readonly stop: (signal: NodeJS.Signals) => void;
  /** Says, before exiting, that a second signal does not wait. */
  readonly announceExit: (signal: NodeJS.Signals) => void;
  readonly exit: (code: number) => void;
}

export interface SignalStop {
  /** The signal that asked to stop, if one did. */
  readonly stoppedBy: () => NodeJS.Signals | undefined;
  /** Stops listening (after the signals already delivered are handled): call after the command's last word. */
  readonly dispose: () => void;
}

/**
 * The stop of `ingest` and `sync`: the first SIGINT/SIGTERM asks the command to stop gracefully; any
 * later one exits {@link INTERRUPTED_EXIT_CODE} at once, however far the graceful stop has come (the
 * open transaction, if any, rolls back: nothing half-written). Listening lasts until `dispose`, so a
 * signal while the report is being printed is never left to Node's default (death by the signal, 143).
 */
export const stopOnSignals = (options: StopOnSignalsOptions): SignalStop => {
  let stoppedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stoppedBy !== undefined) {
      options.announceExit(signal);
      options.exit(INTERRUPTED_EXIT_CODE);
      return;
    }
    stoppedBy = signal;
    options.stop(signal);
  };
  for (const signal of STOP_SIGNALS) options.signals.on(signal, onSignal);
  return {
    stoppedBy: () => stoppedBy,
    dispose: () => {
      // One turn of the event loop later: a signal already delivered, but not yet handled because the
      // stop's last work (the final commit, the report) held the thread, still exits 130.
      setImmediate(() => {
        for (const signal of STOP_SIGNALS) options.signals.off(signal, onSignal);
      });
    },
  };
};
