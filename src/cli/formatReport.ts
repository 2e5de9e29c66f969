import type { SyncCounts, SyncReport } from '../streams/SyncReport.js';

const COLUMNS: readonly (keyof SyncCounts)[] = [
  'pulled',
  'applied',
  'merged',
  'skipped',
  'duplicates',
  'rejected',
  'refused',
];

/** The sync report as an aligned text table: totals, then per source and per resource. */
export const formatReport = (report: SyncReport): string => {
  const rows: string[][] = [['', ...COLUMNS]];
  const add = (label: string, counts: SyncCounts): void => {
    rows.push([label, ...COLUMNS.map((c) => String(counts[c]))]);
  };
  add('total', report.total);
  for (const [source, counts] of Object.entries(report.bySource)) add(`source ${source}`, counts);
  for (const [resource, counts] of Object.entries(report.byResource)) add(`resource ${resource}`, counts);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const lines = rows.map((r) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '),
  );
  lines.push(`${report.batches} transaction(s) committed`);
  for (const c of report.cursors) lines.push(`cursor ${c.source}/${c.resource} = ${c.cursor}`);
  return lines.join('\n');
};
