/**
 * Every planted signal must be visible in the files themselves (not just in DemoPlants), at
 * the small sizes the tests and a quick `demo` use. Two seeds guard against a lucky draw.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, type DemoResult } from '@/demo/generate';
import { agentActivity, dailyCounts, dayOf, type DemoFiles, episodesOf, median, readDemo, type Row, tempDir } from '@/test/demo/demo-output';

const HOUR_MS = 3_600_000;

describe.each([7, 2024])('planted signals (seed %i, 20,000 tickets)', (seed) => {
  const out = tempDir();
  let result: DemoResult;
  let files: DemoFiles;
  let firstDay: number;
  let lastDay: number;
  const topicOf = (t: Row) => files.truth.get(t.id);
  /** Tickets per day of `topic` over [from, to] (UTC day numbers). */
  const rate = (topics: readonly string[], from: number, to: number) =>
    files.tickets.filter((t) => topics.includes(topicOf(t)!) && dayOf(t.created_at) >= from && dayOf(t.created_at) <= to).length / (to - from + 1);
  const dayNumber = (isoDay: string) => dayOf(`${isoDay}T00:00:00Z`);

  beforeAll(async () => {
    result = await generateDemo({ outDir: out.dir, tickets: 20_000, seed, end: '2025-06-30', withTruth: true });
    files = readDemo(out.dir);
    firstDay = dayNumber(result.plants.start);
    lastDay = dayNumber(result.plants.end);
  });
  afterAll(() => out.remove());

  it('(1) a release introduces a new topic: first seen within 72 h, dozens of tickets, mostly on the new version', () => {
    const { newProblem } = result.plants;
    const release = files.releases.find((r) => r.version === newProblem.release)!;
    expect(release.date).toBe(newProblem.releaseDate);
    const tickets = files.tickets.filter((t) => topicOf(t) === newProblem.topic);
    const releasedAt = Date.parse(`${release.date}T00:00:00Z`);
    const first = Math.min(...tickets.map((t) => Date.parse(t.created_at)));
    expect(first).toBeGreaterThan(releasedAt);
    expect(first - releasedAt).toBeLessThanOrEqual(72 * HOUR_MS);
    expect(tickets.length).toBeGreaterThanOrEqual(24);
    expect(tickets.length).toBe(newProblem.tickets);
    const onNew = tickets.filter((t) => t.version && t.version.split('.').map(Number)[1] >= Number(newProblem.release.split('.')[1]));
    expect(onNew.length / tickets.length).toBeGreaterThan(0.6);
    expect(release.notes).toMatch(/custom fields/i);
    // Its subjects are about the new problem, in more than one wording.
    expect(new Set(tickets.map((t) => t.subject.toLowerCase())).size).toBeGreaterThanOrEqual(5);
  });

  it('(2) a release fixes a topic: its daily rate drops by at least 70%', () => {
    const { fixed } = result.plants;
    const day = dayNumber(fixed.releaseDate);
    const before = rate([fixed.topic], day - 42, day - 1);
    const after = rate([fixed.topic], day + 7, day + 49);
    expect(before).toBeGreaterThan(0.5);
    expect(after).toBeLessThan(0.3 * before);
  });

  it('(3) a release makes a topic regress: its rate about doubles or triples', () => {
    const { regression } = result.plants;
    const day = dayNumber(regression.releaseDate);
    const ratio = rate([regression.topic], day + 4, day + 46) / rate([regression.topic], day - 42, day - 1);
    expect(ratio).toBeGreaterThan(1.7);
    expect(ratio).toBeLessThan(4);
  });

  it('(4) an intermittent problem: ≥ 4 short episodes ≥ 40 quiet days apart, resolved with the same fix', () => {
    const { intermittent } = result.plants;
    const tickets = files.tickets.filter((t) => topicOf(t) === intermittent.topic);
    const episodes = episodesOf(tickets.map((t) => dayOf(t.created_at)));
    expect(episodes.length).toBeGreaterThanOrEqual(4);
    expect(episodes.length).toBe(intermittent.episodes.length);
    for (const e of episodes) expect(e.end - e.start + 1).toBeLessThanOrEqual(4);
    for (let i = 1; i < episodes.length; i++) expect(episodes[i].start - episodes[i - 1].end - 1).toBeGreaterThanOrEqual(40);
    const resolved = tickets.filter((t) => t.resolution);
    const sameFix = resolved.filter((t) => /batch-03/.test(t.resolution));
    expect(sameFix.length / resolved.length).toBeGreaterThan(0.6);
    expect(new Set(sameFix.map((t) => t.resolution)).size).toBeGreaterThan(2); // paraphrased, not one string
  });

  it('(5) an outage day within the last 60 days has ≥ 4× the median daily volume, mostly one topic', () => {
    const { outage } = result.plants;
    const daily = dailyCounts(files.tickets, firstDay, lastDay);
    const day = dayNumber(outage.date);
    expect(lastDay - day).toBeLessThan(60);
    expect(daily[day - firstDay]).toBeGreaterThanOrEqual(4 * median(daily));
    expect(Math.max(...daily)).toBe(daily[day - firstDay]);
    const thatDay = files.tickets.filter((t) => dayOf(t.created_at) === day);
    expect(thatDay.filter((t) => topicOf(t) === outage.topic).length / thatDay.length).toBeGreaterThan(0.6);
  });

  it('(6) some topics grow and some shrink over the last 56 days', () => {
    const { trends } = result.plants;
    const mid = lastDay - trends.windowDays / 2;
    const ratio = (topics: string[]) => rate(topics, mid + 1, lastDay) / rate(topics, lastDay - trends.windowDays + 1, mid);
    expect(ratio(trends.growing.map((g) => g.topic))).toBeGreaterThan(1.3);
    expect(ratio(trends.shrinking.map((s) => s.topic))).toBeLessThan(0.75);
  });

  it('an overloaded agent: about twice the median load, late replies, no day off lately', () => {
    const activity = agentActivity(files, lastDay - 27, lastDay);
    const overloaded = activity.find((a) => a.name === result.plants.agents.overloaded)!;
    const others = activity.filter((a) => a !== overloaded);
    const medianLoad = median(activity.map((a) => a.assigned));
    expect(overloaded.assigned / medianLoad).toBeGreaterThan(1.6);
    expect(overloaded.assigned / medianLoad).toBeLessThan(2.6);
    expect(overloaded.longestStreak).toBeGreaterThanOrEqual(13);
    for (const a of others) expect(a.longestStreak, a.name).toBeLessThan(overloaded.longestStreak);
    expect(overloaded.afterHoursShare).toBeGreaterThan(0.3);
    expect(overloaded.afterHoursShare).toBeGreaterThan(2 * median(others.map((a) => a.afterHoursShare)));
  });

  it('a part-timer with a light load and a sole owner of a niche topic', () => {
    const { partTime, nicheOwner, nicheTopic } = result.plants.agents;
    const activity = agentActivity(files, lastDay - 27, lastDay);
    const medianLoad = median(activity.map((a) => a.assigned));
    expect(activity.find((a) => a.name === partTime)!.assigned).toBeLessThan(0.6 * medianLoad);
    const niche = files.tickets.filter((t) => topicOf(t) === nicheTopic && t.assignee);
    expect(niche.length).toBeGreaterThan(100);
    expect(new Set(niche.map((t) => t.assignee))).toEqual(new Set([nicheOwner]));
  });

  it('assignments mostly respect working hours', () => {
    const activity = agentActivity(files, lastDay - 27, lastDay);
    const regular = activity.filter((a) => a.name !== result.plants.agents.overloaded && a.name !== result.plants.agents.partTime);
    expect(median(regular.map((a) => a.afterHoursShare))).toBeLessThan(0.2);
    // …with realistic exceptions.
    expect(Math.min(...regular.map((a) => a.afterHoursShare))).toBeGreaterThan(0);
  });
});
