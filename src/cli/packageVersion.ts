import { readFileSync } from 'node:fs';

/**
 * The version in oxide-mirror's own package.json, found beside this module (`dist/cli/` → the package
 * root), not in the working directory, which may be any project's.
 */
export const packageVersion = (): string => {
  const manifest: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const version =
    typeof manifest === 'object' && manifest !== null && 'version' in manifest ? manifest.version : undefined;
  if (typeof version !== 'string') throw new Error('package.json of oxide-mirror has no version');
  return version;
};
