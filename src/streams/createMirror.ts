import { Subject, finalize, mergeMap, takeUntil, type Observable } from 'rxjs';
import type { SourceEmission } from '../model/SourceEmission.js';
import type { AppliedChange } from '../sinks/AppliedBatch.js';
import { mirrorPipeline, type MirrorPipelineOptions } from './mirrorPipeline.js';
import type { SyncReport } from './SyncReport.js';
import { SyncReportBuilder } from './SyncReportBuilder.js';

export type CreateMirrorOptions = Omit<MirrorPipelineOptions, 'report'>;

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
  const report = new SyncReportBuilder(Object.keys(options.sources));
  const stop$ = new Subject<void>();
  const applied = new Subject<AppliedChange>();
  const sources = Object.fromEntries(
    Object.entries(options.sources).map(([id, s]): [string, Observable<SourceEmission>] => [
      id,
      s.pipe(takeUntil(stop$)),
    ]),
  );
  let running: Promise<SyncReport> | undefined;
  return {
    applied$: applied.asObservable(),
    report: () => report.snapshot(),
    stop: () => stop$.next(),
    run: () => {
      running ??= new Promise<SyncReport>((resolve, reject) => {
        mirrorPipeline({ ...options, sources, report })
          .pipe(
            mergeMap((batch) => batch.changes),
            finalize(() => stop$.complete()),
          )
          .subscribe({
            next: (change) => applied.next(change),
            error: (err: unknown) => {
              applied.error(err);
              reject(err instanceof Error ? err : new Error(String(err)));
            },
            complete: () => {
              applied.complete();
              resolve(report.snapshot());
            },
          });
      });
      return running;
    },
  };
};
