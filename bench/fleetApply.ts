/**
 * Child process of the `fleet` step (issue 14), part 1: a replica's apply rate against `ingest` of the
 * same deltas from a file. One job per process (its JSON is the one argument):
 *
 * - `probe`: is there a NATS server with JetStream at `nats`? (never fails: says why not)
 * - `publish`: ingests the bench's generated deltas into a fresh publisher mirror (`createMirror`),
 *   writes the messages the publisher sends (`publishedMessage` of each publishable event, in seq
 *   order) to an NDJSON file, then publishes them with the real publisher (`createPublisher`) to a
 *   fresh stream, until every one is acknowledged.
 * - `replica`: a fresh mirror syncs the stream once through the real JetStream source (as
 *   `sync --once` builds it from a config), until caught up; timed.
 * - `ingest`: a fresh mirror ingests the NDJSON file as `ingest` does; timed.
 * - `cleanup`: deletes the streams named (missing ones are fine).
 *
 * `replica` and `ingest` use the same source id, so their event logs and records compare by digest.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { causeMessage } from '../src/errors/describeCause.js';
import { createPublisher } from '../src/publish/createPublisher.js';
import { publishedMessage } from '../src/publish/publishedMessage.js';
import { connectionOf } from '../src/store/connectionOf.js';
import { prepareLastEventSeq } from '../src/store/statements/lastEventSeq.js';
import { prepareReadPublishableEvents } from '../src/store/statements/readPublishableEvents.js';
import { createMirror } from '../src/streams/createMirror.js';
import { digestStore, openBenchStore, type StoreDigest } from './benchStore.js';
import { printResult } from './childProcess.js';
import { FLEET_SOURCE_ID, replicaSources, type FleetStreamJob } from './fleetStream.js';
import { DEFAULT_STREAM } from './generateDeltas.js';
import { ingestNdjsonFile } from './ingestNdjsonFile.js';
import { ingestPipeline } from './ingestPipeline.js';

export type FleetApplyJob =
  | { readonly phase: 'probe'; readonly nats: string }
  | (FleetStreamJob & {
      readonly phase: 'publish';
      readonly dir: string;
      readonly deltas: number;
      readonly records: number;
      readonly seed: number;
      readonly jitterMs: number;
    })
  | (FleetStreamJob & { readonly phase: 'replica'; readonly dir: string; readonly name: string })
  | { readonly phase: 'ingest'; readonly dir: string; readonly name: string }
  | { readonly phase: 'cleanup'; readonly nats: string; readonly streams: readonly string[] };

export interface FleetProbeResult {
  readonly reachable: boolean;
  readonly reason?: string;
}

export interface FleetPublishResult {
  /** Deltas ingested into the publisher mirror, messages published, and what the file holds. */
  readonly deltas: number;
  readonly published: number;
  readonly lines: number;
  readonly ingestSeconds: number;
  readonly publishSeconds: number;
  readonly publishPerSecond: number;
  readonly streamBytes: number;
  readonly digest: StoreDigest;
}

export interface FleetApplyResult {
  readonly phase: 'replica' | 'ingest';
  readonly applied: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly cpuSeconds: number;
  readonly peakRssMiB: number;
  readonly digest: StoreDigest;
}

/** The NDJSON file of the published messages, in the job's dir. */
export const fleetFile = (dir: string): string => join(dir, 'published.ndjson');

const probe = async (nats: string): Promise<FleetProbeResult> => {
  try {
    const nc = await connect({ servers: nats, timeout: 3_000, name: 'oxide-mirror bench probe' });
    try {
      await (await jetstreamManager(nc, { timeout: 3_000 })).getAccountInfo();
      return { reachable: true };
    } finally {
      await nc.close();
    }
  } catch (err) {
    return { reachable: false, reason: causeMessage(err) };
  }
};

const publish = async (job: Extract<FleetApplyJob, { phase: 'publish' }>): Promise<FleetPublishResult> => {
  const store = openBenchStore(join(job.dir, 'publisher.db'));
  try {
    const t0 = performance.now();
    const ingested = await ingestPipeline(store, {
      ...DEFAULT_STREAM,
      deltas: job.deltas,
      records: job.records,
      seed: job.seed,
      jitterMs: job.jitterMs,
    });
    const ingestSeconds = (performance.now() - t0) / 1000;
    // The file: exactly the bodies the publisher sends, in the order it sends them.
    const db = connectionOf(store);
    const readEvents = prepareReadPublishableEvents(db);
    const upto = prepareLastEventSeq(db)();
    const decoder = new TextDecoder();
    const chunks: string[] = [];
    let lines = 0;
    for (let after = 0; ;) {
      const page = readEvents(after, upto, 10_000);
      if (page.length === 0) break;
      for (const event of page) {
        const message = publishedMessage(job.subjectPrefix, event);
        if (message === undefined) throw new Error(`event ${event.seq}: no subject for ${event.resource}`);
        chunks.push(`${decoder.decode(message.body)}\n`);
        lines++;
      }
      after = page[page.length - 1]?.seq ?? upto;
    }
    writeFileSync(fleetFile(job.dir), chunks.join(''));

    const publisher = createPublisher({
      store,
      nats: job.nats,
      stream: job.stream,
      subjectPrefix: job.subjectPrefix,
    });
    const t1 = performance.now();
    const running = publisher.run();
    publisher.stop({ flushWithinMs: Number.POSITIVE_INFINITY }); // until every event is acknowledged
    const report = await running;
    const publishSeconds = (performance.now() - t1) / 1000;
    const nc = await connect({ servers: job.nats });
    const info = await (await jetstreamManager(nc)).streams.info(job.stream);
    await nc.close();
    if (report.published !== lines || report.lag !== 0 || info.state.messages !== lines) {
      throw new Error(
        `published ${report.published} (lag ${report.lag}, stream holds ${info.state.messages}) of ${lines}`,
      );
    }
    return {
      deltas: ingested.total.applied,
      published: report.published,
      lines,
      ingestSeconds,
      publishSeconds,
      publishPerSecond: report.published / publishSeconds,
      streamBytes: info.state.bytes,
      digest: digestStore(store),
    };
  } finally {
    store.close();
  }
};

const apply = async (
  job: Extract<FleetApplyJob, { phase: 'replica' | 'ingest' }>,
): Promise<FleetApplyResult> => {
  const store = openBenchStore(join(job.dir, `${job.name}.db`));
  try {
    const cpu0 = process.cpuUsage();
    let ms: number;
    let applied: number;
    if (job.phase === 'ingest') {
      const ingested = await ingestNdjsonFile(store, fleetFile(job.dir), FLEET_SOURCE_ID);
      ms = ingested.ms;
      applied = ingested.report.total.applied;
    } else {
      // As `sync --once --config` builds it: the JetStream source until no message is pending.
      const sources = replicaSources(job, 'once');
      const t0 = performance.now();
      const report = await createMirror({ store, sources }).run();
      ms = performance.now() - t0;
      applied = report.total.applied;
    }
    const cpu = process.cpuUsage(cpu0);
    return {
      phase: job.phase,
      applied,
      seconds: ms / 1000,
      perSecond: applied / (ms / 1000),
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      digest: digestStore(store),
    };
  } finally {
    store.close();
  }
};

const cleanup = async (nats: string, streams: readonly string[]): Promise<{ deleted: string[] }> => {
  const nc = await connect({ servers: nats, timeout: 3_000 });
  try {
    const jsm = await jetstreamManager(nc);
    const deleted: string[] = [];
    for (const stream of streams) {
      if (await jsm.streams.delete(stream).catch(() => false)) deleted.push(stream);
    }
    return { deleted };
  } finally {
    await nc.close();
  }
};

const main = async (): Promise<void> => {
  const arg = process.argv[2];
  if (arg === undefined) throw new Error('usage: fleetApply.js <job JSON>');
  const job = JSON.parse(arg) as FleetApplyJob;
  switch (job.phase) {
    case 'probe':
      printResult(await probe(job.nats));
      return;
    case 'publish':
      printResult(await publish(job));
      return;
    case 'replica':
    case 'ingest':
      printResult(await apply(job));
      return;
    case 'cleanup':
      printResult(await cleanup(job.nats, job.streams));
      return;
  }
};

await main();
