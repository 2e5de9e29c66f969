/** How many events of one strategy a replay applied as logged instead of re-deciding them. */
export interface TakenAsLogged {
  readonly strategy: string;
  readonly events: number;
}

/**
 * Which events a replay decided again and which it could only take as logged: what a "consistent"
 * verdict vouches for. A replay that stopped early (a divergence) counts the events before the stop.
 */
export interface ReplayCoverage {
  /** Events decided again by the strategy the log names, and checked against the logged decision. */
  readonly redecided: number;
  /**
   * Per strategy the log names that replay was not given (with `unknownStrategies: 'applyLogged'`),
   * by name: events whose logged decision was applied as recorded, not re-decided. Empty otherwise.
   */
  readonly takenAsLogged: readonly TakenAsLogged[];
}

/** Counts a replay's coverage as it goes; `coverage()` is a snapshot. */
export const countCoverage = (): {
  readonly redecided: () => void;
  readonly takenAsLogged: (strategy: string) => void;
  readonly coverage: () => ReplayCoverage;
} => {
  let redecided = 0;
  const asLogged = new Map<string, number>();
  return {
    redecided: () => {
      redecided += 1;
    },
    takenAsLogged: (strategy) => {
      asLogged.set(strategy, (asLogged.get(strategy) ?? 0) + 1);
    },
    coverage: () => ({
      redecided,
      takenAsLogged: [...asLogged]
        .map(([strategy, events]) => ({ strategy, events }))
        .sort((a, b) => (a.strategy < b.strategy ? -1 : a.strategy > b.strategy ? 1 : 0)),
    }),
  };
};
