#!/usr/bin/env node
import { runCli } from './runCli.js';

// Output into a closed pipe (`oxide-mirror query … | head -1`) is no failure: the reader has what it
// wanted. Without this listener, the EPIPE of a write to stdout would end the process with a stack.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  process.stderr.write(`oxide-mirror: cannot write to stdout: ${err.message}\n`);
  process.exit(1);
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signals: process,
  exit: (code) => process.exit(code),
});
