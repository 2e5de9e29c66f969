import { Command, Option } from '@commander-js/extra-typings';
import type { RefusalPolicy } from '../../model/DecidedBatch.js';
import { strategyByName } from '../../strategies/selectStrategy.js';
import { DEFAULT_BATCH_SIZE, type MirrorWriter } from '../../streams/mirrorPipeline.js';
import type { IngestCommandOptions } from '../ingestCommand.js';
import { positiveInteger, STRATEGY_NAMES, strategyFor } from './argumentParsers.js';
import { repeatableOption } from './repeatableOption.js';
import type { RunCommand } from './RunCommand.js';

const REFUSAL_POLICIES = ['record', 'fail'] as const satisfies readonly RefusalPolicy[];
const MIRROR_WRITERS = ['inline', 'thread'] as const satisfies readonly MirrorWriter[];

/** `oxide-mirror ingest`: its arguments, options and help. */
export const ingestDefinition = (run: RunCommand<IngestCommandOptions>) =>
  new Command('ingest')
    .summary('mirror a file (or stdin) of newline-delimited Delta JSON')
    .description(
      'Reads newline-delimited Delta JSON and mirrors it. A malformed line is rejected (kept in ' +
        'mirror_rejects, counted) and the rest goes on; with --strict, any malformed line fails the run ' +
        'before anything is applied. A delta its strategy cannot decide or the store refuses is kept in ' +
        'mirror_rejects as refused and the rest goes on; --on-refusal fail stops the run instead (exit 1, ' +
        'its batch rolled back). --max-size-mib: the database may grow to N MiB; a batch that would pass ' +
        'it is rolled back and the run stops (exit 1, STORAGE_FULL); running again resumes.',
    )
    .argument('<FILE|->', 'a file of Delta JSON lines, or - for stdin')
    .requiredOption('--db <PATH>', 'the mirror database (created if missing)')
    .addOption(
      new Option('--strategy <NAME>', 'conflict strategy of resources without their own')
        .choices(STRATEGY_NAMES)
        .default('last-write-wins'),
    )
    .addOption(
      repeatableOption('--strategy-for <RESOURCE=NAME>', "one resource's conflict strategy", strategyFor),
    )
    .option('--source <ID>', 'what the input is called in the report and in mirror_rejects', 'ingest')
    .option('--strict', 'fail on any malformed line, before applying anything')
    .addOption(
      new Option('--on-refusal <record|fail>', 'a delta that cannot be decided or stored: record it, or fail')
        .choices(REFUSAL_POLICIES)
        .default('record'),
    )
    .option('--batch-size <N>', 'deltas per transaction, at most', positiveInteger(), DEFAULT_BATCH_SIZE)
    .addOption(
      new Option(
        '--writer <inline|thread>',
        'where batches are written: inline, or on a thread of their own that overlaps reading and ' +
          'decoding on a second core (faster for large inputs; about 100 MiB more memory)',
      )
        .choices(MIRROR_WRITERS)
        .default('inline' as const),
    )
    .option(
      '--max-size-mib <N>',
      'the most MiB the database may grow to (default: no limit)',
      positiveInteger(),
    )
    .option('--json', 'print the report as JSON')
    .action(async (input, flags) => {
      await run({
        input,
        db: flags.db,
        strategies: {
          strategy: strategyByName(flags.strategy),
          strategyFor: Object.fromEntries(flags.strategyFor ?? []),
        },
        source: flags.source,
        strict: flags.strict === true,
        onRefusal: flags.onRefusal,
        batchSize: flags.batchSize,
        writer: flags.writer,
        maxSizeMiB: flags.maxSizeMib,
        json: flags.json === true,
      });
    });
