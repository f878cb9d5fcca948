/**
 * The output should look like a real support desk: weekly rhythm and growth, business-hour
 * peaks, a long tail of topics phrased many ways, statuses that match ticket age, versions
 * that follow the release train, angry customers and polite agents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, type DemoResult } from '@/demo/generate';
import { dailyCounts, dayOf, type DemoFiles, median, readDemo, type Row, tempDir } from '@/test/demo/demo-output';

const HOUR_MS = 3_600_000;
const ANGRY = /unacceptable|frustrating|ASAP|disappointed|!!|terrible|considering other tools/;

describe('a realistic desk (20,000 tickets)', () => {
  const out = tempDir();
  let result: DemoResult;
  let files: DemoFiles;
  let firstDay: number;
  let lastDay: number;
  let regular: Row[];

  beforeAll(async () => {
    result = await generateDemo({ outDir: out.dir, tickets: 20_000, seed: 99, end: '2025-09-30', withTruth: true });
    files = readDemo(out.dir);
    firstDay = dayOf(`${result.plants.start}T00:00:00Z`);
    lastDay = dayOf(`${result.plants.end}T00:00:00Z`);
    regular = files.tickets.filter((t) => files.truth.get(t.id) !== result.plants.noiseKey);
  });
  afterAll(() => out.remove());

  it('has a weekly rhythm (weekends ~30% of weekdays), mild growth and business-hour peaks', () => {
    const daily = dailyCounts(files.tickets, firstDay, lastDay);
    const weekday = (d: number) => new Date((firstDay + d) * 86_400_000).getUTCDay();
    const weekendDays = daily.filter((_, d) => weekday(d) === 0 || weekday(d) === 6);
    const workDays = daily.filter((_, d) => weekday(d) !== 0 && weekday(d) !== 6);
    const weekendRatio = median(weekendDays) / median(workDays);
    expect(weekendRatio).toBeGreaterThan(0.2);
    expect(weekendRatio).toBeLessThan(0.45);
    const weekendShare = weekendDays.reduce((a, b) => a + b, 0) / files.tickets.length;
    expect(weekendShare).toBeGreaterThan(0.07);
    expect(weekendShare).toBeLessThan(0.16);
    const growth = median(workDays.slice(-60)) / median(workDays.slice(0, 60));
    expect(growth).toBeGreaterThan(1.1);
    expect(growth).toBeLessThan(1.7);
    const byHour = new Array<number>(24).fill(0);
    for (const t of files.tickets) byHour[new Date(t.created_at).getUTCHours()]++;
    // 14–15 UTC is morning in the Americas and afternoon in Europe; 3–4 UTC is night for both.
    expect(byHour[14] + byHour[15]).toBeGreaterThan(3 * (byHour[3] + byHour[4]));
    expect(Math.min(...byHour)).toBe(Math.min(byHour[2], byHour[3], byHour[4], byHour[5]));
  });

  it('has about twenty topics with long-tail sizes and many phrasings each', () => {
    const sizes = result.plants.topics.map((t) => t.tickets).filter((n) => n > 0).sort((a, b) => b - a);
    expect(sizes.length).toBeGreaterThanOrEqual(20);
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(sizes.slice(0, 5).reduce((a, b) => a + b, 0) / total).toBeGreaterThan(0.3);
    expect(sizes[0] / sizes[sizes.length - 1]).toBeGreaterThan(8);
    const byTopic = new Map<string, Row[]>();
    for (const t of regular) {
      const key = files.truth.get(t.id)!;
      const list = byTopic.get(key) ?? [];
      list.push(t);
      byTopic.set(key, list);
    }
    for (const [key, tickets] of byTopic) {
      if (tickets.length < 100) continue;
      const subjects = new Map<string, number>();
      for (const t of tickets) subjects.set(t.subject.toLowerCase(), (subjects.get(t.subject.toLowerCase()) ?? 0) + 1);
      expect(subjects.size, key).toBeGreaterThanOrEqual(8);
      expect(Math.max(...subjects.values()) / tickets.length, key).toBeLessThan(0.35);
    }
    expect(new Set(regular.map((t) => t.description)).size / regular.length).toBeGreaterThan(0.9);
  });

  it('shares vocabulary between neighbouring topics', () => {
    const topicsSaying = (word: RegExp) =>
      new Set(regular.filter((t) => word.test(`${t.subject} ${t.description}`)).map((t) => files.truth.get(t.id))).size;
    expect(topicsSaying(/\blog ?in\b/i)).toBeGreaterThanOrEqual(3);
    expect(topicsSaying(/\bexport/i)).toBeGreaterThanOrEqual(2);
    expect(topicsSaying(/\bnotification/i)).toBeGreaterThanOrEqual(2);
  });

  it('has ~300 organizations of uneven size and a few thousand requesters', () => {
    const perOrg = new Map<string, number>();
    for (const t of files.tickets) perOrg.set(t.organization, (perOrg.get(t.organization) ?? 0) + 1);
    expect(perOrg.size).toBeGreaterThan(250);
    expect(perOrg.size).toBeLessThanOrEqual(300);
    const sizes = [...perOrg.values()].sort((a, b) => b - a);
    expect(sizes[0] / files.tickets.length).toBeLessThan(0.12);
    expect(sizes[0]).toBeGreaterThan(10 * median(sizes));
    const requesters = new Set(files.tickets.map((t) => t.requester)).size;
    expect(requesters).toBeGreaterThan(1000);
    expect(requesters).toBeLessThan(3500);
  });

  it('shows recent tickets still open and old ones solved', () => {
    const unresolvedShare = (tickets: Row[]) => tickets.filter((t) => ['new', 'open', 'pending'].includes(t.status)).length / tickets.length;
    const recent = files.tickets.filter((t) => dayOf(t.created_at) > lastDay - 3);
    const old = files.tickets.filter((t) => dayOf(t.created_at) < lastDay - 30);
    expect(unresolvedShare(recent)).toBeGreaterThan(0.2);
    expect(unresolvedShare(old)).toBeLessThan(0.02);
    expect(old.filter((t) => t.status === 'closed').length / old.length).toBeGreaterThan(0.95);
  });

  it('answers mostly within hours; urgent, escalated and reopened tickets are rare', () => {
    const waits = files.tickets.filter((t) => t.first_response_at).map((t) => (Date.parse(t.first_response_at) - Date.parse(t.created_at)) / HOUR_MS);
    expect(median(waits)).toBeLessThan(4);
    expect(waits.filter((w) => w < 24).length / waits.length).toBeGreaterThan(0.85);
    const share = (field: string, value: string) => files.tickets.filter((t) => t[field] === value).length / files.tickets.length;
    expect(share('priority', 'urgent')).toBeLessThan(0.04);
    expect(share('priority', 'urgent')).toBeGreaterThan(0.003);
    expect(share('escalated', 'true')).toBeLessThan(0.06);
    expect(share('reopened', 'true')).toBeGreaterThan(0.02);
    expect(share('reopened', 'true')).toBeLessThan(0.09);
  });

  it('carries product versions that follow the releases, adopted within days', () => {
    const releaseDay = new Map(files.releases.map((r) => [r.version, dayOf(`${r.date}T00:00:00Z`)]));
    const withVersion = regular.filter((t) => t.version);
    expect(withVersion.length / regular.length).toBeGreaterThan(0.8);
    let current = 0;
    const days = [...releaseDay.values()].sort((a, b) => a - b);
    for (const t of withVersion) {
      const created = dayOf(t.created_at);
      expect(releaseDay.get(t.version)! <= created, `${t.id} on ${t.version}`).toBe(true);
      // "Current" = the newest or the previous release at that time.
      const available = days.filter((d) => d <= created);
      if (releaseDay.get(t.version)! >= available[Math.max(0, available.length - 2)]) current++;
    }
    expect(current / withVersion.length).toBeGreaterThan(0.75);
  });

  it('states the fix in the last agent reply of solved tickets', () => {
    const lastAgentReply = new Map<string, string>();
    for (const c of files.comments) if (c.author_role === 'agent' && c.public === 'true') lastAgentReply.set(c.ticket_id, c.body);
    const solved = regular.filter((t) => t.resolved_at && !/respon|reply/i.test(t.resolution));
    const stated = solved.filter((t) => lastAgentReply.get(t.id)?.includes(t.resolution));
    expect(stated.length / solved.length).toBeGreaterThan(0.95);
  });

  it('has angry customers now and then, and agents who stay polite', () => {
    const customerTexts = files.comments.filter((c) => c.author_role === 'customer');
    const angry = customerTexts.filter((c) => ANGRY.test(c.body)).length / customerTexts.length;
    expect(angry).toBeGreaterThan(0.04);
    expect(angry).toBeLessThan(0.3);
    const agentReplies = files.comments.filter((c) => c.author_role === 'agent' && c.public === 'true' && c.body.includes('\n'));
    for (const c of agentReplies) {
      expect(c.body, c.id).toMatch(/^(Hi|Hello|Dear|Hey) /);
      expect(ANGRY.test(c.body), c.id).toBe(false);
    }
  });
});
