import type { Logger } from 'pino';
import { runDemo as runDemoServices } from '../demo/runDemo.js';

/** `demo`'s options, parsed and checked (`definitions/demoDefinition.ts`). */
export interface DemoCommandOptions {
  readonly db: string;
}

/** Runs the demo (three fake services mirrored into `db`, three questions answered); the exit code. */
export const runDemo = async (
  options: DemoCommandOptions,
  io: { readonly stdout: NodeJS.WritableStream; readonly logger: Logger },
): Promise<number> => {
  await runDemoServices({
    db: options.db,
    dataDir: new URL('../../examples/demo/', import.meta.url),
    out: io.stdout,
    logger: io.logger,
  });
  return 0;
};
