import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/db/errors';
import { generateDemo, type DemoResult } from '@/demo/generate';
import { dayOf, type DemoFiles, readCsv, readDemo, tempDir } from '@/test/demo/demo-output';

const OPTIONS = { tickets: 3000, seed: 11, end: '2025-03-31', withTruth: true } as const;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const HEADERS = {
  tickets:
    'id,created_at,updated_at,subject,description,status,priority,channel,type,assignee,requester,organization,first_response_at,resolved_at,resolution,tags,version,reopened,escalated',
  comments: 'id,ticket_id,created_at,author,author_role,public,body',
  releases: 'version,date,notes',
  agents: 'name,team,timezone,work_start,work_end,work_days',
  truth: 'id,topic',
};

const hashOf = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('demo files', () => {
  const a = tempDir();
  const b = tempDir();
  const c = tempDir();
  let result: DemoResult;
  let files: DemoFiles;

  beforeAll(async () => {
    result = await generateDemo({ ...OPTIONS, outDir: a.dir });
    files = readDemo(a.dir);
  });
  afterAll(() => [a, b, c].forEach((d) => d.remove()));

  it('are byte-identical for the same options and differ for another seed', async () => {
    await generateDemo({ ...OPTIONS, outDir: b.dir });
    await generateDemo({ ...OPTIONS, seed: 12, outDir: c.dir });
    for (const name of ['tickets.csv', 'comments.csv', 'releases.csv', 'agents.csv', 'truth.csv']) {
      expect(hashOf(join(b.dir, name)), name).toBe(hashOf(join(a.dir, name)));
    }
    expect(hashOf(join(c.dir, 'tickets.csv'))).not.toBe(hashOf(join(a.dir, 'tickets.csv')));
    expect(hashOf(join(c.dir, 'comments.csv'))).not.toBe(hashOf(join(a.dir, 'comments.csv')));
  });

  it('start with exactly the agreed header lines', () => {
    for (const [kind, header] of Object.entries(HEADERS)) {
      const path = result.files[kind as keyof typeof result.files]!;
      expect(readFileSync(path, 'utf8').split('\n', 1)[0], kind).toBe(header);
      expect(readCsv(path).header.join(','), kind).toBe(header);
    }
  });

  it('report what they wrote', () => {
    expect(result.tickets).toBe(OPTIONS.tickets);
    expect(files.tickets).toHaveLength(OPTIONS.tickets);
    expect(files.comments).toHaveLength(result.comments);
    expect(files.releases).toHaveLength(result.releases);
    expect(files.truth.size).toBe(OPTIONS.tickets);
  });

  it('hold valid, time-consistent ticket rows', () => {
    const exportedAt = Date.parse(result.plants.exportedAt);
    const firstDay = dayOf(`${result.plants.start}T00:00:00Z`);
    let previousCreated = 0;
    for (const t of files.tickets) {
      for (const field of ['created_at', 'updated_at']) expect(t[field], `${field} of ${t.id}`).toMatch(ISO_UTC);
      for (const field of ['first_response_at', 'resolved_at']) if (t[field]) expect(t[field], `${field} of ${t.id}`).toMatch(ISO_UTC);
      const created = Date.parse(t.created_at);
      expect(created).toBeGreaterThanOrEqual(previousCreated); // written in time order
      previousCreated = created;
      expect(dayOf(t.created_at)).toBeGreaterThanOrEqual(firstDay);
      expect(Date.parse(t.updated_at)).toBeGreaterThanOrEqual(created);
      expect(Date.parse(t.updated_at)).toBeLessThanOrEqual(exportedAt);
      if (t.first_response_at) expect(Date.parse(t.first_response_at)).toBeGreaterThan(created);
      if (t.resolved_at) expect(Date.parse(t.resolved_at)).toBeGreaterThan(created);
      expect(['new', 'open', 'pending', 'solved', 'closed']).toContain(t.status);
      expect(['low', 'normal', 'high', 'urgent']).toContain(t.priority);
      expect(['email', 'web', 'chat', 'phone', 'api']).toContain(t.channel);
      expect(['true', 'false']).toContain(t.reopened);
      expect(['true', 'false']).toContain(t.escalated);
      expect(Boolean(t.resolved_at)).toBe(t.status === 'solved' || t.status === 'closed');
      expect(Boolean(t.resolution)).toBe(Boolean(t.resolved_at));
      expect(Boolean(t.assignee)).toBe(t.status !== 'new');
      if (t.version) expect(t.version).toMatch(/^5\.\d+\.\d+$/);
      expect(t.subject.length).toBeGreaterThan(0);
      expect(t.requester).toMatch(/^[^@\s]+@[a-z0-9-]+\.example$/);
    }
    // Descriptions really exercise RFC 4180 quoting.
    expect(files.tickets.some((t) => t.description.includes('\n') && t.description.includes(','))).toBe(true);
    expect(files.tickets.some((t) => t.description.includes('"'))).toBe(true);
  });

  it('hold 1–6 comments per ticket, opening with the customer message', () => {
    const tickets = new Map(files.tickets.map((t) => [t.id, t]));
    const agents = new Set(files.agents.map((a) => a.name));
    const byTicket = new Map<string, typeof files.comments>();
    for (const c of files.comments) {
      expect(c.created_at).toMatch(ISO_UTC);
      expect(['agent', 'customer']).toContain(c.author_role);
      expect(['true', 'false']).toContain(c.public);
      if (c.author_role === 'agent') expect(agents.has(c.author)).toBe(true);
      const list = byTicket.get(c.ticket_id) ?? [];
      list.push(c);
      byTicket.set(c.ticket_id, list);
    }
    expect(byTicket.size).toBe(files.tickets.length);
    for (const [id, list] of byTicket) {
      const ticket = tickets.get(id)!;
      expect(list.length).toBeGreaterThanOrEqual(1);
      expect(list.length).toBeLessThanOrEqual(6);
      expect(list[0].author_role).toBe('customer');
      expect(list[0].author).toBe(ticket.requester);
      expect(list[0].body).toBe(ticket.description);
      expect(list[0].created_at).toBe(ticket.created_at);
      for (let i = 1; i < list.length; i++) expect(Date.parse(list[i].created_at)).toBeGreaterThanOrEqual(Date.parse(list[i - 1].created_at));
      if (ticket.first_response_at) {
        expect(list.find((c) => c.author_role === 'agent' && c.public === 'true')?.created_at).toBe(ticket.first_response_at);
      }
      expect(Date.parse(list[list.length - 1].created_at)).toBeLessThanOrEqual(Date.parse(ticket.updated_at));
    }
  });

  it('list releases in date order with increasing semantic versions', () => {
    const versions = files.releases.map((r) => r.version.split('.').map(Number));
    for (let i = 1; i < files.releases.length; i++) {
      expect(files.releases[i].date >= files.releases[i - 1].date).toBe(true);
      const [, minorA, patchA] = versions[i - 1];
      const [, minorB, patchB] = versions[i];
      expect(minorB > minorA || (minorB === minorA && patchB === patchA + 1)).toBe(true);
    }
    for (const r of files.releases) expect(r.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Every 2–4 weeks over a year, plus patches.
    expect(files.releases.filter((r) => r.version.endsWith('.0')).length).toBeGreaterThanOrEqual(13);
  });

  it('describe a dozen agents in 2–3 teams, one of at least five', () => {
    expect(files.agents).toHaveLength(12);
    const teams = new Map<string, number>();
    for (const a of files.agents) {
      teams.set(a.team, (teams.get(a.team) ?? 0) + 1);
      expect(a.work_start).toMatch(/^\d{2}:\d{2}$/);
      expect(a.work_days).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)-(Mon|Tue|Wed|Thu|Fri|Sat|Sun)$/);
      expect(Intl.supportedValuesOf('timeZone')).toContain(a.timezone);
    }
    expect(teams.size).toBeGreaterThanOrEqual(2);
    expect(teams.size).toBeLessThanOrEqual(3);
    expect(Math.max(...teams.values())).toBeGreaterThanOrEqual(5);
    expect(new Set(files.agents.map((a) => a.timezone)).size).toBeGreaterThanOrEqual(4);
  });

  it('label every ticket with its generating topic, about 5% noise', () => {
    const noise = [...files.truth.values()].filter((t) => t === result.plants.noiseKey).length;
    expect(noise / files.truth.size).toBeGreaterThan(0.03);
    expect(noise / files.truth.size).toBeLessThan(0.08);
    const keys = new Set(result.plants.topics.map((t) => t.key));
    expect(keys.size).toBeGreaterThanOrEqual(20);
    for (const topic of files.truth.values()) if (topic !== result.plants.noiseKey) expect(keys.has(topic)).toBe(true);
  });

  it('rejects options a user can get wrong with InvalidInput', async () => {
    const bad = [
      { tickets: 0 },
      { tickets: 1000, end: '2025-02-30' },
      { tickets: 1000, days: 30 },
      { tickets: 1000.5 },
    ];
    for (const options of bad) {
      const error = await generateDemo({ outDir: c.dir, ...options }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('InvalidInput');
    }
  });

  it('reports an output path that is a file as InvalidInput', async () => {
    const error = await generateDemo({ outDir: join(a.dir, 'tickets.csv'), tickets: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('InvalidInput');
  });

  it('ends today (UTC) when no end is given', async () => {
    const d = tempDir();
    try {
      const { plants } = await generateDemo({ outDir: d.dir, tickets: 300, days: 120 });
      expect(plants.end).toBe(new Date().toISOString().slice(0, 10));
    } finally {
      d.remove();
    }
  });
});

describe('a demo ending today', () => {
  const out = tempDir();
  afterAll(() => out.remove());

  it('is exported now: no ticket, update, resolution or comment is dated after the current time', async () => {
    // 14:30 UTC: most of the day's arrivals would fall after it if the whole day were generated.
    const now = Date.parse('2026-03-18T14:30:00Z');
    const result = await generateDemo({ tickets: 2000, seed: 5, days: 150, now, outDir: out.dir, withTruth: true });
    const { tickets, comments } = readDemo(out.dir);
    expect(result.tickets).toBe(tickets.length);
    const stamps = [
      ...tickets.flatMap((t) => [t.created_at, t.updated_at, t.first_response_at, t.resolved_at]),
      ...comments.map((c) => c.created_at),
    ].filter((s) => s !== '');
    const latest = stamps.reduce((a, b) => (a > b ? a : b));
    expect(Date.parse(latest)).toBeLessThanOrEqual(now);
    // Today still has tickets: the morning's.
    expect(tickets.some((t) => t.created_at.startsWith('2026-03-18'))).toBe(true);
  });
});
