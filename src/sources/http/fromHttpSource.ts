import { merge } from 'rxjs';
import { fromSyncSource, type FromSyncSourceOptions } from '../fromSyncSource.js';
import type { ResumableSource } from '../MirrorSource.js';
import type { HttpSourceConfig } from './HttpSourceConfig.js';
import { httpSyncSources, type HttpSourceOptions } from './httpSyncSources.js';

/**
 * A whole HTTP source as one source of a mirror: every resource pulled by {@link fromSyncSource}
 * (resuming from its stored cursor), merged, so `createMirror` gets one entry per source id. Resources
 * pull in parallel, within the source's per-host concurrency limit.
 */
export const fromHttpSource = (
  config: HttpSourceConfig,
  options: FromSyncSourceOptions & HttpSourceOptions = {},
): ResumableSource => {
  const resources = httpSyncSources(config, options).map((source) => fromSyncSource(source, options));
  return (context) => merge(...resources.map((resource) => resource(context)));
};
