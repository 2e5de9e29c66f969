import type { MirrorQuery } from '../query/MirrorQuery.js';
import { PUBLISH_POSITIONS_SQL, type PublishPosition } from '../store/statements/listPublishPositions.js';
import { TABLES } from '../store/tables.js';
import { countOf, readMetadataRows, textOf } from './readMetadataRows.js';

const HAS_PUBLISH_CURSORS = `SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name = '${TABLES.publishCursors}'`;

/**
 * Where publishing the mirror's changes stands, per JetStream stream: the last event acknowledged, its
 * stream sequence and time, and the lag (events that changed the mirror, not yet acknowledged). Empty
 * for a mirror that never published (or was last opened by a version without publishing). Read-only.
 */
export const describePublishing = (query: MirrorQuery): PublishPosition[] => {
  const tooLarge = (hint: string | undefined): string =>
    `describe: more publish targets than describe reads (${hint ?? 'cut'})`;
  if (countOf(readMetadataRows(query, HAS_PUBLISH_CURSORS, [], tooLarge)[0]?.n) === 0) return [];
  return readMetadataRows(query, PUBLISH_POSITIONS_SQL, [], tooLarge).map((r) => ({
    stream: textOf(r.stream),
    eventSeq: countOf(r.eventSeq),
    streamSeq: countOf(r.streamSeq),
    publishedAt: textOf(r.publishedAt),
    lag: countOf(r.lag),
  }));
};

/** Publish positions as text, one line per stream (no trailing newline); `''` when there are none. */
export const formatPublishPositions = (positions: readonly PublishPosition[]): string =>
  positions.length === 0
    ? ''
    : [
        'publishing:',
        ...positions.map(
          (p) =>
            `  stream ${p.stream}: event ${p.eventSeq} acknowledged as stream seq ${p.streamSeq} at ${p.publishedAt}; ` +
            `lag ${p.lag} event${p.lag === 1 ? '' : 's'}`,
        ),
      ].join('\n');
