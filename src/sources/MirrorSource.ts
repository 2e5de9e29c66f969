import type { Logger } from 'pino';
import type { Observable } from 'rxjs';
import type { SourceEmission } from '../model/SourceEmission.js';

/** What a mirror hands a source when its run starts. */
export interface SourceContext {
  /**
   * The source's key in `createMirror({ sources })`: the one name its cursors are stored and read
   * under, and its name in reports, logs and `mirror_rejects`.
   */
  readonly id: string;
  /** The cursor stored for this source and `resource`; `undefined` before the first commit. */
  readonly readCursor: (resource: string) => string | undefined;
  /** The mirror's logger, a child bound to this source (`{ source: id }`), if the mirror has one. */
  readonly logger: Logger | undefined;
}

/** A source that resumes: given its context when the run starts, it returns what it emits. */
export type ResumableSource = (context: SourceContext) => Observable<SourceEmission>;

/**
 * What `createMirror` takes per source: an Observable of deltas (with optional checkpoints and
 * rejections), or a {@link ResumableSource} such as `fromSyncSource(...)`, which reads its stored cursors
 * through the context, under the same key the mirror writes them.
 */
export type MirrorSource = Observable<SourceEmission> | ResumableSource;
