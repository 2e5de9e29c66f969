import { benchScript, runChild } from '../childProcess.js';
import type { HttpSyncResult } from '../httpSync.js';
import { fmtInt, median } from '../stats.js';
import type { StepContext } from './context.js';

const pct = (share: number): string => `${(100 * share).toFixed(1)}%`;

/**
 * `http`: a local API (in a worker thread) synced through the real HTTP source and the whole pipeline
 * into a WAL file database (bench/httpSync.ts), once per round and per added server latency, each run a
 * child process; the latencies alternate within a round. Medians of records/s and of the shares of wall
 * time (waiting on the network, decoding, the pipeline), and of records/s against `ingest` of the same
 * records from an NDJSON file in the same child (before the sync on odd rounds, after it on even ones).
 */
export const httpStep = (ctx: StepContext): void => {
  const { flags } = ctx;
  console.log(
    `http: ${fmtInt(flags.httpRecords)} records in pages of ${flags.httpPage}, ` +
      `server latency ${flags.httpLatencyMs.join(', ')} ms, ${flags.httpRounds} rounds`,
  );
  const runs: HttpSyncResult[] = [];
  for (let round = 0; round < flags.httpRounds; round++) {
    for (const latencyMs of flags.httpLatencyMs) {
      const r = runChild<HttpSyncResult>(
        benchScript('httpSync'),
        [
          '--records',
          String(flags.httpRecords),
          '--page',
          String(flags.httpPage),
          '--latency-ms',
          String(latencyMs),
          ...(round % 2 === 1 ? ['--ingest-first'] : []),
          '--json',
        ],
        'http',
      );
      console.log(
        `round ${round + 1}  latency ${String(latencyMs).padStart(3)} ms  ${fmtInt(r.recordsPerSecond).padStart(7)} records/s  ` +
          `${r.wallSeconds.toFixed(2)} s  network ${pct(r.networkShare)}  decode ${pct(r.decodeShare)}  ` +
          `pipeline ${pct(r.pipelineShare)}  peak RSS ${r.peakRssMiB.toFixed(0)} MiB  ` +
          `ingest ${fmtInt(r.ingestRecordsPerSecond)} records/s  HTTP/ingest ${r.httpToIngest.toFixed(2)}`,
      );
      runs.push(r);
    }
  }
  const rows = flags.httpLatencyMs.map((latencyMs) => {
    const mine = runs.filter((r) => r.latencyMs === latencyMs);
    return {
      latencyMs,
      medianRecordsPerSecond: median(mine.map((r) => r.recordsPerSecond)),
      runsRecordsPerSecond: mine.map((r) => r.recordsPerSecond),
      medianNetworkShare: median(mine.map((r) => r.networkShare)),
      medianDecodeShare: median(mine.map((r) => r.decodeShare)),
      medianPipelineShare: median(mine.map((r) => r.pipelineShare)),
      runsPipelineShare: mine.map((r) => r.pipelineShare),
      maxPeakRssMiB: Math.max(...mine.map((r) => r.peakRssMiB)),
      medianIngestRecordsPerSecond: median(mine.map((r) => r.ingestRecordsPerSecond)),
      medianHttpToIngest: median(mine.map((r) => r.httpToIngest)),
      runsHttpToIngest: mine.map((r) => r.httpToIngest),
    };
  });
  console.log(
    '\nlatency   median records/s   network   decode   pipeline   ingest records/s   HTTP/ingest (medians)',
  );
  for (const row of rows) {
    console.log(
      `${String(row.latencyMs).padStart(4)} ms   ${fmtInt(row.medianRecordsPerSecond).padStart(16)}   ` +
        `${pct(row.medianNetworkShare).padStart(7)}   ${pct(row.medianDecodeShare).padStart(6)}   ${pct(row.medianPipelineShare).padStart(8)}   ` +
        `${fmtInt(row.medianIngestRecordsPerSecond).padStart(16)}   ${row.medianHttpToIngest.toFixed(2).padStart(11)}`,
    );
  }
  const file = ctx.writeResult('http', {
    flags: {
      records: flags.httpRecords,
      page: flags.httpPage,
      latencyMs: flags.httpLatencyMs,
      rounds: flags.httpRounds,
    },
    results: runs,
    summary: { rows },
  });
  console.log(`http: wrote ${file}`);
};
