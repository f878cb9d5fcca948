import { describe, expect, it } from 'vitest';
import { applyThemeCuration, replayThemeCuration, unfoldThemeCuration, type ThemeCurationOperation } from '@/lib/analysis/themes/curate';
import { matchThemes } from '@/lib/analysis/themes/match';
import { ticketText } from '@/lib/analysis/topics/clean';
import { reanalyzeTopics, type PreviousAnalysis } from '@/lib/analysis/topics/reanalyze';
import { twoLevelTickets, type AreaTicket } from './fixtures';

const sizes = new Map([
  ['t1', 50],
  ['t2', 40],
  ['t3', 30],
  ['t4', 20],
  ['t5', 10],
  ['t9', 5],
]);

describe('matchThemes', () => {
  const previous = {
    themes: [
      { id: 'th1', label: 'Billing', labelLocked: true, topicIds: ['t1', 't2'] },
      { id: 'th2', label: 'Login', labelLocked: false, topicIds: ['t3', 't4'] },
    ],
    nextThemeNumber: 3,
  };

  it('keeps the id of the theme holding the same topics, with its locked label', () => {
    const current = [
      { id: 'x', topicIds: ['t1', 't2', 't5'] },
      { id: 'y', topicIds: ['t3', 't4'] },
      { id: 'z', topicIds: ['t9'] },
    ];
    const { groups, nextThemeNumber, report } = matchThemes(previous, current, sizes);
    expect(groups.map((g) => g.id)).toEqual(['th1', 'th2', 'th3']);
    expect(groups[0]).toMatchObject({ label: 'Billing', labelLocked: true });
    expect(groups[1].labelLocked).toBeUndefined();
    expect(report.created).toEqual(['th3']);
    expect(report.retired).toEqual([]);
    expect(nextThemeNumber).toBe(4);
  });

  it('weighs topics by tickets: sharing the big topic matches, a stray small one does not', () => {
    const { groups, report } = matchThemes(previous, [{ id: 'x', topicIds: ['t2', 't5'] }, { id: 'y', topicIds: ['t1', 't3', 't4'] }], sizes);
    // x holds t2 (40 of th1's 90 tickets), y holds t3+t4 (all of th2) plus th1's t1.
    expect(groups.find((g) => g.id === 'th2')!.topicIds).toEqual(['t1', 't3', 't4']);
    expect(groups.find((g) => g.topicIds.includes('t2'))!.id).toBe('th1');
    expect(report.retired).toEqual([]);
  });

  it('never reuses a retired id', () => {
    const { groups, report } = matchThemes(previous, [{ id: 'x', topicIds: ['t9'] }], sizes);
    expect(groups[0].id).toBe('th3');
    expect(report.retired).toEqual(['th1', 'th2']);
  });
});

describe('theme curation', () => {
  const state = {
    groups: [
      { id: 'th1', topicIds: ['t1', 't2', 't3'] },
      { id: 'th2', topicIds: ['t4'] },
      { id: 'th3', topicIds: ['t5'] },
    ],
    nextThemeNumber: 4,
  };

  it('renames (locking the label), merges, splits and moves', () => {
    const renamed = applyThemeCuration(state, { kind: 'rename-theme', themeId: 'th2', label: 'Sign-in problems' });
    expect(renamed.state.groups[1]).toMatchObject({ label: 'Sign-in problems', labelLocked: true });

    const merged = applyThemeCuration(state, { kind: 'merge-themes', sourceId: 'th3', targetId: 'th2' });
    expect(merged.state.groups.map((g) => g.id)).toEqual(['th1', 'th2']);
    expect(merged.state.groups[1].topicIds).toEqual(['t4', 't5']);
    expect(merged.outcome.operation).toMatchObject({ sourceTopicIds: ['t5'] });

    const split = applyThemeCuration(state, { kind: 'split-theme', themeId: 'th1', topicIds: ['t2', 't3'], label: 'Refunds' });
    expect(split.state.groups.find((g) => g.id === 'th4')).toMatchObject({ topicIds: ['t2', 't3'], label: 'Refunds', labelLocked: true });
    expect(split.state.groups[0].topicIds).toEqual(['t1']);
    expect(split.state.nextThemeNumber).toBe(5);
    expect(split.outcome.operation).toMatchObject({ newThemeId: 'th4' });

    const moved = applyThemeCuration(state, { kind: 'move-topic', topicId: 't1', themeId: 'th3' });
    expect(moved.state.groups.find((g) => g.id === 'th3')!.topicIds).toEqual(['t5', 't1']);
  });

  it('skips what no longer applies, with a note, and never empties a theme by a split', () => {
    expect(applyThemeCuration(state, { kind: 'rename-theme', themeId: 'th9', label: 'x' }).outcome).toMatchObject({ applied: false });
    expect(applyThemeCuration(state, { kind: 'split-theme', themeId: 'th2', topicIds: ['t4'] }).outcome.note).toMatch(/at least one topic/);
    expect(applyThemeCuration(state, { kind: 'move-topic', topicId: 't8', themeId: 'th1' }).outcome.note).toMatch(/no longer exists/);
  });

  it('replays in order, following merged themes, and unfolds for matching', () => {
    const ops: ThemeCurationOperation[] = [
      { kind: 'merge-themes', sourceId: 'th3', targetId: 'th2' },
      { kind: 'rename-theme', themeId: 'th3', label: 'Login and 2FA' },
      { kind: 'split-theme', themeId: 'th1', topicIds: ['t3'] },
    ];
    const { state: replayed, outcomes } = replayThemeCuration(state, ops);
    expect(outcomes.map((o) => o.applied)).toEqual([true, true, true]);
    expect(replayed.groups).toEqual([
      { id: 'th1', topicIds: ['t1', 't2'] },
      { id: 'th2', topicIds: ['t4', 't5'], label: 'Login and 2FA', labelLocked: true },
      { id: 'th4', topicIds: ['t3'] },
    ]);
    const stored = outcomes.map((o) => o.operation);
    // Undone latest first: the split goes back into th1, the merged source comes out of th2.
    expect(unfoldThemeCuration(replayed.groups, stored)).toEqual([
      { id: 'th1', topicIds: ['t1', 't2', 't3'] },
      { id: 'th2', topicIds: ['t4'], label: 'Login and 2FA', labelLocked: true },
      { id: 'th3', topicIds: ['t5'] },
    ]);
  });
});

describe('themes across re-analyses', () => {
  const input = (tickets: AreaTicket[]) => ({
    ids: tickets.map((t) => t.id),
    texts: tickets.map((t) => ticketText(t)),
    customers: tickets.map((t) => t.customer),
  });
  const before = twoLevelTickets(15, 2);
  const first = reanalyzeTopics(input(before), null, [], { seed: 7 });
  const previous = (analysis: typeof first): PreviousAnalysis => ({ model: analysis.model, ticketIds: analysis.ticketIds, topicIds: analysis.topicIds });
  const themeOfArea = (analysis: typeof first, tickets: AreaTicket[], area: string) => analysis.themeIds[tickets.findIndex((t) => t.area === area)];

  it('gives a first analysis themes th1… and every ticket its topic’s theme', () => {
    expect(first.model.themes!.map((t) => t.id).sort()).toEqual(['th1', 'th2', 'th3']);
    expect(first.themeMatch).toBeNull();
  });

  it('keeps theme ids when new tickets arrive', () => {
    const after = [...twoLevelTickets(4, 5, 'n'), ...before];
    const second = reanalyzeTopics(input(after), previous(first), [], { seed: 7 });
    for (const area of ['billing', 'login', 'export']) expect(themeOfArea(second, after, area)).toBe(themeOfArea(first, before, area));
    expect(second.themeMatch!.created).toEqual([]);
  });

  it('replays theme curation: a renamed theme keeps its name, a merge and a split hold after re-analysis', () => {
    const billing = themeOfArea(first, before, 'billing')!;
    const login = themeOfArea(first, before, 'login')!;
    const exportTheme = first.model.themes!.find((t) => t.id === themeOfArea(first, before, 'export'))!;
    const ops: ThemeCurationOperation[] = [
      { kind: 'rename-theme', themeId: billing, label: 'Money' },
      { kind: 'merge-themes', sourceId: login, targetId: billing },
      { kind: 'split-theme', themeId: exportTheme.id, topicIds: [exportTheme.topicIds[0]] },
    ];
    const curated = reanalyzeTopics(input(before), previous(first), [], { seed: 7, themeCuration: ops });
    expect(curated.themeCuration.map((o) => o.applied)).toEqual([true, true, true]);
    const stored = curated.themeCuration.map((o) => o.operation);
    const after = [...twoLevelTickets(4, 5, 'n'), ...before];
    const later = reanalyzeTopics(input(after), previous(curated), [], { seed: 7, themeCuration: stored });
    expect(later.themeCuration.map((o) => o.applied)).toEqual([true, true, true]);
    const money = later.model.themes!.find((t) => t.id === billing)!;
    expect(money.label).toBe('Money');
    expect(themeOfArea(later, after, 'login')).toBe(billing);
    const splitId = (stored[2] as { newThemeId: string }).newThemeId;
    expect(later.model.themes!.find((t) => t.id === splitId)!.topicIds).toEqual([exportTheme.topicIds[0]]);
    expect(later.model.themes!.some((t) => t.id === exportTheme.id)).toBe(true);
  });
});

describe('topic curation keeps the themes in step', () => {
  it('drops a merged-away topic from its theme and puts a split-off topic in its source’s theme', async () => {
    const { applyCuration } = await import('@/lib/analysis/topics/curate');
    const { discoverTopics } = await import('@/lib/analysis/topics/discover');
    const tickets = twoLevelTickets(15, 2);
    const discovery = discoverTopics({ ids: tickets.map((t) => t.id), texts: tickets.map((t) => ticketText(t)) }, { seed: 7 });
    const state = { model: discovery.model, ticketIds: tickets.map((t) => t.id), topicIds: discovery.topicIds, corpus: discovery.corpus };
    const themes = discovery.model.themes!;
    const [a, b] = themes.find((t) => t.topicIds.length >= 2)!.topicIds;
    const merged = applyCuration(state, { kind: 'merge', sourceId: b, targetId: a }).state;
    expect(merged.model.themes!.flatMap((t) => t.topicIds)).not.toContain(b);
    expect(merged.model.themes!.reduce((n, t) => n + t.size, 0)).toBe(merged.model.topics.reduce((n, t) => n + t.size, 0));

    const split = applyCuration(merged, { kind: 'split', topicId: a, keywords: ['refund'] });
    const newId = (split.outcome.operation as { newTopicId: string }).newTopicId;
    const home = split.state.model.themes!.find((t) => t.topicIds.includes(a))!;
    expect(home.topicIds).toContain(newId);
  });
});
