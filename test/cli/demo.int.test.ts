import { runCli } from '../support/cli.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();

describe('oxide-mirror demo (what npm start runs)', () => {
  it('mirrors three local services over HTTP and answers the cross-service questions', () => {
    const db = tmp.path('mirror.db');
    const first = runCli(['demo', '--db', db]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/crm\s+pulled 25, applied 25/);
    expect(first.stdout).toContain('1. Which customers with high-priority open tickets');
    expect(first.stdout).toMatch(/Dennis Ritchie\s+\| Unix Heritage\s+\| T-1055/);
    expect(first.stdout).toMatch(/c029\s+\| Jean\s+\| jean@fortran\.example\s+\| helpdesk/);

    const again = runCli(['demo', '--db', db]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/crm\s+pulled \d+, applied 0/); // resumed from the stored cursors
  });
});
