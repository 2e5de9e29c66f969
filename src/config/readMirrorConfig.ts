import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';
import { causeMessage } from '../errors/describeCause.js';
import { parseMirrorConfig } from './decodeMirrorConfig.js';
import type { MirrorConfig } from './MirrorConfig.js';
import type { SourceConfig } from './SourceConfig.js';

const resolvePaths = (source: SourceConfig, dir: string): SourceConfig => {
  switch (source.type) {
    case 'ndjson':
    case 'directory':
      return { ...source, path: resolve(dir, source.path) };
    case 'http':
    case 'couchdb':
    case 'jetstream':
      return source;
  }
};

/**
 * Reads, validates and resolves a config file: relative paths (`db`, file and directory sources)
 * resolve against the config file's directory, so a config works from any working directory.
 * @throws {InvalidOptionsError} when the file cannot be read; {@link DecodeError} when it is wrong.
 */
export const readMirrorConfig = (path: string): MirrorConfig => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new InvalidOptionsError('--config', path, `cannot read ${path}: ${causeMessage(cause)}`);
  }
  const config = parseMirrorConfig(text, path);
  const dir = dirname(resolve(path));
  return {
    ...config,
    db: resolve(dir, config.db),
    sources: config.sources.map((source) => resolvePaths(source, dir)),
  };
};
