/**
 * What an edit during paging costs a pull: a Freshdesk fake with N tickets (default 30,000, one
 * update time each, 100 per page), a first pull during which ticket #1 is edited after page 2 is
 * served (it moves to the end of the updated_at-ordered listing), then a second pull with no
 * further change. Prints the list requests (pages) of both pulls and how many tickets the second
 * one read again, and writes them to bench/results/pull-paging-<date>.json.
 *
 *   npx tsx bench/pull-paging.ts [--tickets 30000]
 *
 * Counts requests, not time: the figure is the same on any machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '@/db/client';
import { tickets } from '@/db/schema';
import { parsePullConfig } from '@/ingest/connectors/config';
import { pullSource } from '@/ingest/connectors/pull';
import { FakeServer } from '../test/connectors/fake-server';
import { freshdeskFake, freshdeskTicket, type FreshdeskFakeData } from '../test/connectors/fakes/freshdesk';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({ options: { tickets: { type: 'string', default: '30000' } } });
const N = Number(args.tickets);
const KEY = 'bench-freshdesk-key-0123456789';
const second = (i: number) => new Date(Date.parse('2026-01-01T00:00:00Z') + i * 1000).toISOString().replace('.000Z', 'Z');

const data: FreshdeskFakeData = {
  tickets: Array.from({ length: N }, (_, i) => freshdeskTicket(i + 1, second(i))),
  conversations: new Map(),
  authorization: `Basic ${Buffer.from(`${KEY}:X`).toString('base64')}`,
  maxPerPage: 100,
};
let served = 0;
const fake = await FakeServer.start((request, origin) => {
  const response = freshdeskFake(data)(request, origin);
  if (request.path === '/api/v2/tickets' && ++served === 2) {
    // After page 2: ticket #1 is edited, so it moves to the end of the listing.
    data.tickets[0] = { ...data.tickets[0], updated_at: second(N + 10), subject: 'Refund not received (1), edited' };
  }
  return response;
});
process.env.ST_BENCH_FD_KEY = KEY;
const database = await openDatabase({ kind: 'pglite', dataDir: null });
const config = parsePullConfig(
  { sources: [{ kind: 'freshdesk', name: 'fd', baseUrl: fake.origin, apiKey: { env: 'ST_BENCH_FD_KEY' }, comments: false, checkDeletionsEveryHours: 744 }] },
  'bench',
);
const listRequests = () => fake.requestsTo('/api/v2/tickets').length;
try {
  const first = await pullSource(database.db, config, config.sources[0], { timeZone: 'UTC' });
  if (first.error) throw first.error;
  const firstPages = listRequests();
  fake.requests.length = 0;
  const again = await pullSource(database.db, config, config.sources[0], { timeZone: 'UTC' });
  if (again.error) throw again.error;
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const result = {
    commit,
    tickets: N,
    firstPull: { pages: firstPages, rowsRead: first.rowsRead },
    secondPull: { pages: listRequests(), rowsRead: again.rowsRead, inserted: again.inserted, updated: again.updated },
    storedTickets: await database.db.$count(tickets),
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', `pull-paging-${new Date().toISOString().slice(0, 10)}.json`), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await database.close();
  await fake.close();
}
