import type { Logger } from 'pino';
import { decodeMirrorConfig } from '../config/decodeMirrorConfig.js';
import { sourcesFromConfig } from '../config/sourcesFromConfig.js';
import { formatTable } from '../format/formatTable.js';
import { openQuery } from '../query/openQuery.js';
import { highestConfidence } from '../strategies/highestConfidence.js';
import { openStore } from '../store/openStore.js';
import { createMirror } from '../streams/createMirror.js';
import type { SyncReport } from '../streams/SyncReport.js';
import { DEMO_QUESTIONS } from './demoQuestions.js';
import { readServiceData, startService, type RunningService } from './demoServices.js';

export interface RunDemoOptions {
  readonly db: string;
  /** Folder of the shipped data sets (crm.json, helpdesk.json, billing.json). */
  readonly dataDir: URL;
  readonly out: NodeJS.WritableStream;
  readonly logger?: Logger;
}

const resource = (name: string, url: string, extra: Record<string, unknown> = {}) => ({
  name,
  url,
  items: 'data',
  id: 'id',
  occurredAt: 'updated_at',
  since: { param: 'updated_since' },
  paging: { type: 'cursor', param: 'cursor', next: 'next_cursor' },
  ...extra,
});

/**
 * The one-command demo: three fake services (a CRM, a helpdesk, a billing system) on 127.0.0.1,
 * mirrored through the real HTTP source into one SQLite file, then three cross-service questions
 * answered in SQL. Contacts come from all three, with different confidences; the mirror keeps the
 * most trusted version of each (highest-confidence).
 */
export const runDemo = async (options: RunDemoOptions): Promise<SyncReport> => {
  const { out } = options;
  const services: RunningService[] = [];
  try {
    const [crm, helpdesk, billing] = await Promise.all(
      ['crm.json', 'helpdesk.json', 'billing.json'].map(async (file) => {
        const service = await startService(readServiceData(new URL(file, options.dataDir)));
        services.push(service);
        return service;
      }),
    );
    const config = decodeMirrorConfig(
      {
        db: options.db,
        sources: [
          {
            id: 'crm',
            type: 'http',
            baseUrl: crm?.baseUrl,
            confidence: 0.9,
            resources: [resource('contacts', 'contacts')],
          },
          {
            id: 'helpdesk',
            type: 'http',
            baseUrl: helpdesk?.baseUrl,
            confidence: 0.5,
            resources: [
              resource('contacts', 'contacts'),
              resource('tickets', 'tickets', { deleted: { field: 'deleted' } }),
            ],
          },
          {
            id: 'billing',
            type: 'http',
            baseUrl: billing?.baseUrl,
            confidence: 0.7,
            resources: [resource('contacts', 'customers'), resource('invoices', 'invoices')],
          },
        ],
      },
      'demo config',
    );
    const store = openStore({ path: config.db });
    let report: SyncReport;
    try {
      const sources = sourcesFromConfig(config.sources, { mode: 'once' });
      out.write(`Mirroring a CRM, a helpdesk and a billing system (local HTTP servers) into ${config.db}…\n`);
      report = await createMirror({
        store,
        sources,
        strategyFor: { contacts: highestConfidence },
        ...(options.logger === undefined ? {} : { logger: options.logger }),
      }).run();
    } finally {
      store.close();
    }
    for (const [source, counts] of Object.entries(report.bySource)) {
      out.write(
        `  ${source.padEnd(9)} pulled ${counts.pulled}, applied ${counts.applied}, skipped ${counts.skipped}, duplicates ${counts.duplicates}\n`,
      );
    }
    const sql = openQuery(config.db);
    try {
      for (const [i, { question, sql: text }] of DEMO_QUESTIONS.entries()) {
        out.write(`\n${i + 1}. ${question}\n\n${text}\n\n${formatTable(sql.query(text))}\n`);
      }
    } finally {
      sql.close();
    }
    // npx finds the command both where the package is installed and in a clone of this repository.
    out.write(`\nAsk your own: npx oxide-mirror query --db ${config.db} "SELECT * FROM tickets LIMIT 5"\n`);
    out.write(`Or see what is there: npx oxide-mirror describe --db ${config.db}\n`);
    return report;
  } finally {
    await Promise.all(services.map((s) => s.close()));
  }
};
