import { Writable } from 'node:stream';
import * as E from 'fp-ts/lib/Either.js';
import { pino, type Logger } from 'pino';
import { describeValidationErrors } from '../../src/codecs/describeValidationErrors.js';
import type { Sleep } from '../../src/sources/transport/HttpTransport.js';
import { HttpSourceConfig } from '../../src/sources/http/HttpSourceConfig.js';

/** Decodes a test's source config through the real codec, failing loudly with the issues. */
export const httpConfig = (value: unknown): HttpSourceConfig => {
  const decoded = HttpSourceConfig.decode(value);
  if (E.isLeft(decoded)) {
    throw new Error(
      describeValidationErrors(decoded.left)
        .map((i) => `${i.path}: ${i.reason}`)
        .join('; '),
    );
  }
  return decoded.right;
};

/** A `sleep` that records the backoff delays asked for and returns at once. */
export const recordingSleep = (): { sleep: Sleep; delays: number[] } => {
  const delays: number[] = [];
  return {
    delays,
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
  };
};

/** A pino logger at trace level writing into a string, to check what gets logged. */
export const capturedLogger = (): { logger: Logger; text: () => string } => {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { logger: pino({ level: 'trace' }, stream), text: () => chunks.join('') };
};
