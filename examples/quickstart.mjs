import { from } from 'rxjs';
import {
  at,
  createMirror,
  highestConfidence,
  openQuery,
  openStore,
  upsert,
  withConfidence,
} from 'oxide-mirror';

const store = openStore({ path: 'mirror.db' }); // SQLite file, WAL, migrated on open
const crm = from([
  at(upsert('contacts', 'c1', { name: 'Ada', plan: 'pro' }, 'crm'), '2024-05-01T10:00:00Z'),
  at(upsert('contacts', 'c2', { name: 'Alan', plan: 'free' }, 'crm'), '2024-05-01T10:01:00Z'),
]);
const billing = from([
  withConfidence(
    at(upsert('contacts', 'c1', { name: 'Ada L.', plan: 'team' }, 'billing'), '2024-05-01T11:00:00Z'),
    0.5,
  ),
]);

const mirror = createMirror({
  store,
  sources: { crm, billing },
  strategyFor: { contacts: highestConfidence },
});
mirror.applied$.subscribe((change) =>
  console.log(change.decision, change.delta.record_id, 'v' + change.version),
);
const report = await mirror.run(); // resolves once both sources complete and the last batch committed
console.log(report.total); // { pulled: 3, applied: 2, skipped: 1, … }
store.close();

const sql = openQuery('mirror.db'); // a separate, read-only connection
const { rows } = sql.query(
  "SELECT record_id, json_extract(payload, '$.plan') AS plan FROM mirror_records WHERE resource = ?",
  ['contacts'],
);
console.log(rows); // [ { record_id: 'c1', plan: 'pro' }, { record_id: 'c2', plan: 'free' } ]
sql.close();
