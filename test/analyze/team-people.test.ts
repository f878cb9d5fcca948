import { describe, expect, it } from 'vitest';
import { requesterAliases } from '@/analyze/team-people';
import { AGENT_PSEUDONYM_PREFIX, pseudonymousKey } from '@/lib/redact';
import { redactName, redactTicketRecord } from '@/ingest/load/redact-record';
import type { TicketRecord } from '@/ingest/sources/types';

const SECRET = 'a-test-secret-of-enough-length';

function requesterKey(requester: string): string | null {
  const record = { requester, assignee: null, organization: null, subject: '', description: '', resolution: null, status: null, priorityRaw: null, channel: null, type: null, productVersion: null, product: null, fixVersions: [], tags: [] };
  return redactTicketRecord(record as unknown as TicketRecord, { pseudonymSecret: SECRET }).requester;
}

describe('requesterAliases', () => {
  it('finds the agent behind a requester pseudonym, whatever the case and spacing of the name', () => {
    const aliases = requesterAliases(['Tim Poulsen', 'Ada'], SECRET);
    expect(aliases.get(requesterKey(' tim poulsen ') as string)).toBe('Tim Poulsen');
    expect(aliases.get(requesterKey('Ada') as string)).toBe('Ada');
    expect(aliases.get(requesterKey('A customer') as string)).toBeUndefined();
  });

  it('finds an agent whose name held personal data and is stored as a pseudonym itself', () => {
    const stored = redactName('jo@example.com', AGENT_PSEUDONYM_PREFIX, { pseudonymSecret: SECRET }) as string;
    expect(stored.startsWith(AGENT_PSEUDONYM_PREFIX)).toBe(true);
    expect(requesterAliases([stored], SECRET).get(pseudonymousKey('Jo@Example.com', SECRET))).toBe(stored);
  });
});
