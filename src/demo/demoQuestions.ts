/** The cross-service questions the demo answers, each with the SQL an agent would write. */
export const DEMO_QUESTIONS: readonly { readonly question: string; readonly sql: string }[] = [
  {
    question: 'Which customers with high-priority open tickets (helpdesk) have overdue invoices (billing)?',
    sql: `SELECT c.name, c.company, t.record_id AS ticket, t.priority, t.subject, i.record_id AS invoice, i.amount
  FROM tickets t
  JOIN contacts c ON c.record_id = t.contact_id
  JOIN invoices i ON i.customer_id = c.record_id AND i.status = 'overdue'
 WHERE t.status IN ('open', 'pending') AND t.priority IN ('high', 'urgent')
 ORDER BY i.amount DESC, t.record_id`,
  },
  {
    question: 'How much unpaid money sits with each company, and how many open tickets do they have?',
    sql: `SELECT c.company, sum(i.amount) AS unpaid_eur, count(DISTINCT i.record_id) AS invoices,
       (SELECT count(*) FROM tickets t JOIN contacts c2 ON c2.record_id = t.contact_id
         WHERE c2.company = c.company AND t.status = 'open') AS open_tickets
  FROM invoices i
  JOIN contacts c ON c.record_id = i.customer_id
 WHERE i.status IN ('open', 'overdue')
 GROUP BY c.company
 ORDER BY unpaid_eur DESC`,
  },
  {
    question: 'Which contacts does the CRM not know, and which service is the mirror trusting for them?',
    sql: `SELECT record_id, name, email, _source AS trusted_source, _confidence
  FROM contacts
 WHERE record_id NOT IN (SELECT record_id FROM mirror_events WHERE resource = 'contacts' AND source_id = 'crm')
 ORDER BY record_id`,
  },
];
