import { Subject, finalize, ignoreElements, lastValueFrom, takeUntil, tap, type Observable } from 'rxjs';
import { UnknownSourceError } from '../errors/UnknownSourceError.js';
import type { SourceEmission } from '../model/SourceEmission.js';
import type { AppliedChange } from '../sinks/AppliedBatch.js';
import { mirrorPipeline, type MirrorPipelineOptions } from './mirrorPipeline.js';
import type { SyncReport } from './SyncReport.js';
import { SyncReportBuilder } from './SyncReportBuilder.js';

export interface CreateMirrorOptions extends Omit<MirrorPipelineOptions, 'report'> {
  /** Run only these sources (by id); the others stay idle. An unknown id is an {@link UnknownSourceError}. */
  readonly only?: readonly string[];
}

/** A configured mirror run: start it, watch it, stop it. */
export interface Mirror {
  /**
   * Every committed change, the moment its transaction commits (never before). Hot: subscribe
   * before `run()` to see everything. Completes when the run completes; errors when it fails.
   * A slow subscriber slows the pipeline down; it never misses a change.
   */
  readonly applied$: Observable<AppliedChange>;
  /** Runs until every source completes (or `stop()`), then resolves with the report. Once per mirror. */
  run(): Promise<SyncReport>;
  /** Stops pulling from the sources; what was received is committed, then `run()` resolves. */
  stop(): void;
  /** The counts so far. */
  report(): SyncReport;
}

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
  const stop$ = new Subject<void>();
  const applied = new Subject<AppliedChange>();
  const sources = Object.fromEntries(
    selected.map(([id, s]): [string, Observable<SourceEmission>] => [id, s.pipe(takeUntil(stop$))]),
  );
  let running: Promise<SyncReport> | undefined;
  return {
    applied$: applied.asObservable(),
    report: () => report.snapshot(),
    stop: () => stop$.next(),
    run: () => {
      running ??= lastValueFrom(
        mirrorPipeline({ ...options, sources, report }).pipe(
          tap((batch) => batch.changes.forEach((change) => applied.next(change))),
          ignoreElements(),
          finalize(() => stop$.complete()),
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
