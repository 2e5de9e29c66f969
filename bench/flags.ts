import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_STREAM } from './generateDeltas.js';
import { WORKLOADS, type Workload } from './variantResult.js';

export const STEPS = ['ingest', 'replay', 'query', 'http', 'batch-size', 'memory', 'fleet'] as const;
export type Step = (typeof STEPS)[number];

export interface Flags {
  only: readonly Step[];
  /** Where each step writes `<step>.json` and the charts (default `bench/results` of the repository). */
  results: string;
  // shared by the delta-stream steps
  records: number;
  seed: number;
  jitterMs: number;
  dir: string;
  keep: boolean;
  // ingest
  workloads: readonly Workload[];
  rounds: number;
  deltas: number;
  perDeltaDeltas: number;
  perDeltaAt: number | undefined;
  json: string | undefined;
  // replay
  replayDeltas: number;
  replayRounds: number;
  // query
  queryRecords: number;
  queryRounds: number;
  querySamples: number;
  // http
  httpRecords: number;
  httpRounds: number;
  httpPage: number;
  httpLatencyMs: readonly number[];
  // batch-size
  batchSizes: readonly number[];
  batchDeltas: number;
  batchRounds: number;
  // memory
  memoryDeltas: number;
  memorySampleMs: number;
  memoryCacheMiB: number | undefined;
  memoryBatchSize: number | undefined;
  // fleet
  fleetDeltas: number;
  fleetRounds: number;
  fleetRate: number;
  fleetSeconds: number;
  fleetWarmupSeconds: number;
  fleetTickMs: number;
  fleetCpuProf: string | undefined;
}

export const USAGE = `usage: npm run bench -- [flags]

  --only STEPS             comma-separated, in this order by default: ${STEPS.join(',')}
  --results DIR            where <step>.json and the charts go (default bench/results)
shared:
  --records N              distinct record ids of the delta stream; first-sync: one per delta (default 100000)
  --seed N                 PRNG seed of the delta stream (default 20240501)
  --jitter-ms N            ± jitter of occurred_at (default 200)
  --dir PATH               where the temp databases go (default the OS temp dir)
  --keep                   keep the databases
ingest (pipeline, and with its writer thread, vs plain loop on schema 4 vs lean loop on the latest schema vs one transaction per delta):
  --workloads LIST         comma-separated: updates (scattered updates to --records records),
                           first-sync (new records in id order) (default ${WORKLOADS.join(',')})
  --rounds N               rounds of pipeline, writer thread, plain, lean, per-delta, per workload (default 3; alias --pairs)
  --deltas N               deltas for the pipeline, the plain and the lean loop (default 1000000)
  --per-delta-deltas N     deltas for the per-delta-transaction run; 0 skips it (default 20000)
  --per-delta-at N         deltas written untimed before it (default: the middle of the stream)
  --json PATH              also write the ingest results to PATH
replay (replayInto vs ingest):
  --replay-deltas N        deltas ingested, then replayed (default 200000)
  --replay-rounds N        (default 3)
query (latency through views vs raw json_extract):
  --query-records N        records in the database (default 1000000)
  --query-rounds N         rounds over the same database (default 3)
  --query-samples N        runs of each query per round (default 301)
http (sync through the real HTTP source):
  --http-records N         (default 100000)
  --http-rounds N          (default 3)
  --http-page N            page size (default 500)
  --http-latency-ms LIST   added server latency per response, comma-separated (default 0,20)
batch-size (pipeline throughput against batchSize):
  --batch-sizes LIST       (default 100,250,500,1000,2500,5000,10000)
  --batch-deltas N         (default 200000)
  --batch-rounds N         (default 3)
memory (peak RSS of a long stream through createMirror with defaults):
  --memory-deltas N        (default 10000000)
  --memory-sample-ms N     (default 1000)
  --memory-cache-mib N     experiment only: openStore's cacheSizeMiB (default: the library's default)
  --memory-batch-size N    experiment only: createMirror's batchSize (default: the library's default)
fleet (a replica over NATS JetStream; the server at NATS_URL, default nats://127.0.0.1:4222):
  --fleet-deltas N         deltas published once, then synced by a replica vs ingested from a file (default 200000)
  --fleet-rounds N         rounds of replica and ingest, alternated (default 3)
  --fleet-rate N           deltas/s the publisher's source emits in the lag run (default 5000)
  --fleet-seconds N        seconds of the lag run, warm-up included (default 30)
  --fleet-warmup-seconds N seconds at its start left out of the lag percentiles (default 5)
  --fleet-tick-ms N        the source emits the deltas due every N ms (default 10)
  --fleet-cpu-prof DIR     also write CPU profiles of the replicas and the lag run's publisher to DIR`;

const here = dirname(fileURLToPath(import.meta.url));
/** `bench/results` of the repository, whether run from `dist-bench/bench` or elsewhere. */
const DEFAULT_RESULTS = join(here, '..', '..', 'bench', 'results');

export const parseFlags = (argv: readonly string[]): Flags => {
  const flags: Flags = {
    only: STEPS,
    results: DEFAULT_RESULTS,
    records: DEFAULT_STREAM.records,
    seed: DEFAULT_STREAM.seed,
    jitterMs: DEFAULT_STREAM.jitterMs,
    dir: tmpdir(),
    keep: false,
    workloads: WORKLOADS,
    rounds: 3,
    deltas: 1_000_000,
    perDeltaDeltas: 20_000,
    perDeltaAt: undefined,
    json: undefined,
    replayDeltas: 200_000,
    replayRounds: 3,
    queryRecords: 1_000_000,
    queryRounds: 3,
    querySamples: 301,
    httpRecords: 100_000,
    httpRounds: 3,
    httpPage: 500,
    httpLatencyMs: [0, 20],
    batchSizes: [100, 250, 500, 1000, 2500, 5000, 10000],
    batchDeltas: 200_000,
    batchRounds: 3,
    memoryDeltas: 10_000_000,
    memorySampleMs: 1000,
    memoryCacheMiB: undefined,
    memoryBatchSize: undefined,
    fleetDeltas: 200_000,
    fleetRounds: 3,
    fleetRate: 5_000,
    fleetSeconds: 30,
    fleetWarmupSeconds: 5,
    fleetTickMs: 10,
    fleetCpuProf: undefined,
  };
  const integer = (name: string, value: string | undefined, min: number): number => {
    const v = Number(value);
    if (!Number.isSafeInteger(v) || v < min)
      throw new Error(`${name}: expected an integer ≥ ${min}\n${USAGE}`);
    return v;
  };
  const list = (name: string, value: string, min: number): number[] =>
    value.split(',').map((v) => integer(name, v.trim(), min));
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--only': {
        const wanted = value()
          .split(',')
          .map((s) => s.trim());
        const unknown = wanted.find((s) => !(STEPS as readonly string[]).includes(s));
        if (unknown !== undefined) throw new Error(`--only: unknown step ${unknown}\n${USAGE}`);
        flags.only = STEPS.filter((s) => wanted.includes(s));
        break;
      }
      case '--results':
        flags.results = value();
        break;
      case '--records':
        flags.records = integer(flag, value(), 1);
        break;
      case '--seed':
        flags.seed = integer(flag, value(), 0);
        break;
      case '--jitter-ms':
        flags.jitterMs = integer(flag, value(), 0);
        break;
      case '--dir':
        flags.dir = value();
        break;
      case '--keep':
        flags.keep = true;
        break;
      case '--workloads': {
        const wanted = value()
          .split(',')
          .map((s) => s.trim());
        const unknown = wanted.find((s) => !(WORKLOADS as readonly string[]).includes(s));
        if (unknown !== undefined) throw new Error(`--workloads: unknown workload ${unknown}\n${USAGE}`);
        flags.workloads = WORKLOADS.filter((w) => wanted.includes(w));
        break;
      }
      case '--rounds':
      case '--pairs':
        flags.rounds = integer(flag, value(), 1);
        break;
      case '--deltas':
        flags.deltas = integer(flag, value(), 1);
        break;
      case '--per-delta-deltas':
        flags.perDeltaDeltas = integer(flag, value(), 0);
        break;
      case '--per-delta-at':
        flags.perDeltaAt = integer(flag, value(), 0);
        break;
      case '--json':
        flags.json = value();
        break;
      case '--replay-deltas':
        flags.replayDeltas = integer(flag, value(), 1);
        break;
      case '--replay-rounds':
        flags.replayRounds = integer(flag, value(), 1);
        break;
      case '--query-records':
        flags.queryRecords = integer(flag, value(), 10);
        break;
      case '--query-rounds':
        flags.queryRounds = integer(flag, value(), 1);
        break;
      case '--query-samples':
        flags.querySamples = integer(flag, value(), 1);
        break;
      case '--http-records':
        flags.httpRecords = integer(flag, value(), 1);
        break;
      case '--http-rounds':
        flags.httpRounds = integer(flag, value(), 1);
        break;
      case '--http-page':
        flags.httpPage = integer(flag, value(), 1);
        break;
      case '--http-latency-ms':
        flags.httpLatencyMs = list(flag, value(), 0);
        break;
      case '--batch-sizes':
        flags.batchSizes = list(flag, value(), 1);
        break;
      case '--batch-deltas':
        flags.batchDeltas = integer(flag, value(), 1);
        break;
      case '--batch-rounds':
        flags.batchRounds = integer(flag, value(), 1);
        break;
      case '--memory-deltas':
        flags.memoryDeltas = integer(flag, value(), 1);
        break;
      case '--memory-sample-ms':
        flags.memorySampleMs = integer(flag, value(), 1);
        break;
      case '--memory-cache-mib':
        flags.memoryCacheMiB = integer(flag, value(), 1);
        break;
      case '--memory-batch-size':
        flags.memoryBatchSize = integer(flag, value(), 1);
        break;
      case '--fleet-deltas':
        flags.fleetDeltas = integer(flag, value(), 1);
        break;
      case '--fleet-rounds':
        flags.fleetRounds = integer(flag, value(), 1);
        break;
      case '--fleet-rate':
        flags.fleetRate = integer(flag, value(), 1);
        break;
      case '--fleet-seconds':
        flags.fleetSeconds = integer(flag, value(), 1);
        break;
      case '--fleet-warmup-seconds':
        flags.fleetWarmupSeconds = integer(flag, value(), 0);
        break;
      case '--fleet-tick-ms':
        flags.fleetTickMs = integer(flag, value(), 1);
        break;
      case '--fleet-cpu-prof':
        flags.fleetCpuProf = value();
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
      default:
        throw new Error(`unknown flag ${String(flag)}\n${USAGE}`);
    }
  }
  return flags;
};
