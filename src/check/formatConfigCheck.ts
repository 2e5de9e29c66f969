import { formatIssues } from '../errors/DecodeError.js';
import type { ConfigCheck, FirstItemCheck, ResourceCheck, SourceCheck } from './ConfigCheck.js';
import { statusText } from './statusText.js';

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

const firstItemLines = (item: FirstItemCheck, ofFile: boolean): string[] => {
  const fields = `fields: ${item.fields.length === 0 ? '(none)' : item.fields.join(', ')}`;
  if (!item.decoded) return [`first item does not decode: ${formatIssues(item.issues)}`, fields];
  const resource = ofFile ? `resource ${item.resource}, ` : '';
  const deletion = item.op === 'delete' ? ', a deletion' : '';
  return [
    `first item: ${resource}record_id ${JSON.stringify(item.record_id)}, occurred_at ${item.occurred_at}${deletion}`,
    ...(item.op === 'delete' ? [] : [fields]),
  ];
};

const resourceLines = (r: ResourceCheck): string[] => {
  const name = r.resource === undefined ? '' : `${r.resource}  `;
  const verdict = r.ok ? 'ok' : 'FAILED';
  if (r.items === undefined) return [`  ${name}${verdict}  ${r.problem ?? r.request}`];
  const answer = r.status === undefined ? '' : ` → ${statusText(r.status)}`;
  return [
    `  ${name}${verdict}  ${r.request}${answer}: ${count(r.items, 'item')}`,
    ...(r.firstItem === undefined ? [] : firstItemLines(r.firstItem, r.resource === undefined)),
    ...(r.note === undefined ? [] : [r.note]),
  ].map((line, i) => (i === 0 ? line : `      ${line}`));
};

const sourceLines = (s: SourceCheck): string[] =>
  s.problem === undefined
    ? [`${s.source} (${s.type})`, ...s.resources.flatMap(resourceLines)]
    : [`${s.source} (${s.type})`, `  FAILED  ${s.problem}`];

/**
 * What `oxide-mirror check` prints: the config and its database, then per source and resource the
 * request, its answer, the items of the first page and the first item as sync would store it.
 */
export const formatConfigCheck = (check: ConfigCheck): string => {
  const failed = check.sources.filter((s) => !s.ok).length;
  return [
    `${check.config}: valid, ${count(check.sources.length, 'source')}; db ${check.db} (not opened by check)`,
    '',
    ...check.sources.flatMap(sourceLines),
    '',
    failed === 0
      ? `Every source checks out.`
      : `${failed} of ${count(check.sources.length, 'source')} failed: ${count(check.failures.length, 'problem')}.`,
  ].join('\n');
};
