import {
  ReplaySubject,
  Subject,
  finalize,
  ignoreElements,
  lastValueFrom,
  takeUntil,
  tap,
  type Observable,
} from 'rxjs';
import { UnknownSourceError } from '../errors/UnknownSourceError.js';
import type { AppliedChange } from '../sinks/AppliedBatch.js';
import type { MirrorSource } from '../sources/MirrorSource.js';
import { mirrorPipeline, type MirrorPipelineOptions } from './mirrorPipeline.js';
import type { SyncReport } from './SyncReport.js';
import { SyncReportBuilder } from './SyncReportBuilder.js';

export interface CreateMirrorOptions extends Omit<MirrorPipelineOptions, 'report'> {
  /** Run only these sources (by id); the others stay idle. An unknown id is an {@link UnknownSourceError}. */
  readonly only?: readonly string[];
}

export interface RunOptions {
  /** Aborting it stops the run as `stop()` does; an already aborted signal stops it before any pull. */
  readonly signal?: AbortSignal;
}

/** A configured mirror run: start it, watch it, stop it. */
export interface Mirror {
  /**
   * Every committed change, the moment its transaction commits (never before). Hot: subscribe
   * before `run()` to see everything. Completes when the run completes; errors when it fails.
   * A slow subscriber slows the pipeline down; it never misses a change.
   */
  readonly applied$: Observable<AppliedChange>;
  /** Runs until every source completes (or it is stopped), then resolves with the report. Once per mirror. */
  run(options?: RunOptions): Promise<SyncReport>;
  /**
   * Stops pulling from the sources; what was received is committed, then `run()` resolves. Sticky: a
   * stop before `run()` makes the run end at once, without subscribing to any source.
   */
  stop(): void;
  /** The counts so far. */
  report(): SyncReport;
}

/** The source, ending when `stop$` emits (at once, if it already has). */
const until = (source: MirrorSource, stop$: Observable<void>): MirrorSource =>
  typeof source === 'function'
    ? (context) => source(context).pipe(takeUntil(stop$))
    : source.pipe(takeUntil(stop$));

/**
 * Wires sources, strategies and a store into a mirror. See {@link mirrorPipeline} for the stages;
 * this adds the live `applied$` stream, the report, and graceful stop.
 */
export const createMirror = (options: CreateMirrorOptions): Mirror => {
  const known = Object.keys(options.sources);
  const unknown = options.only?.find((id) => !known.includes(id));
  if (unknown !== undefined) throw new UnknownSourceError(unknown, known);
  const selected = Object.entries(options.sources).filter(([id]) => options.only?.includes(id) ?? true);
  const report = new SyncReportBuilder(selected.map(([id]) => id));
  // Replays the stop to sources subscribed after it: a stop is never lost, whenever it comes.
  const stop$ = new ReplaySubject<void>(1);
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    stop$.next();
  };
  const applied = new Subject<AppliedChange>();
  const sources = Object.fromEntries(selected.map(([id, s]) => [id, until(s, stop$)]));
  let running: Promise<SyncReport> | undefined;
  return {
    applied$: applied.asObservable(),
    report: () => report.snapshot(),
    stop,
    run: (runOptions = {}) => {
      if (running !== undefined) return running;
      const { signal } = runOptions;
      const onAbort = (): void => stop();
      if (signal?.aborted === true) stop();
      else signal?.addEventListener('abort', onAbort, { once: true });
      running = lastValueFrom(
        mirrorPipeline({ ...options, sources, report }).pipe(
          tap((batch) => {
            // Nobody to tell (the usual run): no per-change call into the Subject.
            if (!applied.observed) return;
            for (const change of batch.changes) applied.next(change);
          }),
          ignoreElements(),
          finalize(() => {
            signal?.removeEventListener('abort', onAbort);
            stop$.complete();
          }),
        ),
        { defaultValue: undefined },
      ).then(
        () => {
          applied.complete();
          return report.snapshot();
        },
        (err: unknown) => {
          applied.error(err);
          throw err;
        },
      );
      return running;
    },
  };
};
