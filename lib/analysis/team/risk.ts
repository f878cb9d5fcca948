/**
 * Load & burnout *risk proxy*: which people should get some of their work redistributed.
 *
 * This is not a diagnosis of burnout and not a performance rating. It reads only workload
 * signals from timestamps and customer tone, scores each against the team median or a fixed cap,
 * and always says why in words, with a suggestion about moving work — never about the person.
 * Rows are never ranked by output; see ./privacy.ts.
 *
 * Sources for the components:
 *  - Workload → exhaustion: Maslach & Leiter's burnout dimensions (exhaustion, cynicism,
 *    inefficacy), where work overload is the main driver of exhaustion (Maslach, Schaufeli &
 *    Leiter 2001, "Job Burnout", Annu. Rev. Psychol. 52:397).
 *  - Off-hours and sleep-hour work: PagerDuty Analytics reports, per responder, interruptions in
 *    business hours, off hours and sleep hours (its responder metrics: business-hour, off-hour
 *    and sleep-hour interruptions) as on-call health signals. Here the off-hours boundary is each
 *    agent's own shift and sleep hours are 22:00–06:00 local.
 *  - Hostile customers: Grandey, Dickter & Sin 2004 (J. Organizational Behavior 25:397) link
 *    customer verbal aggression to employee stress and emotional exhaustion.
 */
import type { AgentMetrics } from './agent-metrics';
import type { RiskLevel, RiskThresholds, TeamSignal } from './types';
import { formatClock } from './working-hours';

export const DISCLAIMER =
  'A risk proxy for redistributing work, computed from ticket and reply timestamps and the tone of ' +
  "customers' messages. It is not a diagnosis of burnout and not a performance rating: use it to " +
  'rebalance queues and rotas, talk with people before drawing conclusions, and never rank individuals by it.';

export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = {
  loadRatioAmber: 1.3,
  loadRatioRed: 1.6,
  loadCapPerActiveDay: null,
  afterHoursAmber: 0.1,
  afterHoursRed: 0.2,
  streakAmber: 8,
  streakRed: 12,
  sleepDaysAmber: 2,
  sleepDaysRed: 4,
  hostileMarginAmber: 0.1,
  hostileMarginRed: 0.2,
  hostileRatio: 1.5,
  minTicketsForRatios: 10,
  minActionsForShares: 20,
};

/** What the agent is compared with: medians of their team (or of everyone, for tiny teams). */
export interface RiskReference {
  ticketsPerActiveDayMedian: number;
  negativeShareMedian: number | null;
}

/**
 * The team's medians for the signals half or more of the team shares: for those, a person is rated
 * against the team (the team finding carries the absolute level once), not against the caps.
 */
export type TeamSignalMedians = Partial<Record<TeamSignal, number>>;

export interface RiskContext {
  teamSignals: TeamSignalMedians;
  /** The export is not a support desk: without replies to customers, nobody is rated above low. */
  weakSignals: boolean;
}

export const NO_CONTEXT: RiskContext = { teamSignals: {}, weakSignals: false };

/**
 * Relative margins above the team's median for signals the whole team shares: points for after
 * hours at +10 / +20 points of share (the absolute amber/red levels), for sleep-hour nights at
 * +2 / +4 nights, for streaks at +4 / +8 days.
 */
const STREAK_MARGIN_AMBER = 4;
const STREAK_MARGIN_RED = 8;

export interface RiskAssessment {
  risk: RiskLevel;
  score: number;
  reasons: string[];
  suggestion: string;
  note: string | null;
}

type Points = 0 | 1 | 2; // none, amber, red

interface Finding {
  points: Points;
  reason: string;
  suggestion: string;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;
const level = (value: number, amber: number, red: number): Points => (value >= red ? 2 : value >= amber ? 1 : 0);

function loadFinding(m: AgentMetrics, ref: RiskReference, t: RiskThresholds): Finding | null {
  if (m.tickets < t.minTicketsForRatios) return null;
  const median = ref.ticketsPerActiveDayMedian;
  const ratio = median > 0 ? m.ticketsPerActiveDay / median : 0;
  const relative = median > 0 ? level(ratio, t.loadRatioAmber, t.loadRatioRed) : 0;
  const cap = t.loadCapPerActiveDay;
  const absolute = cap !== null && cap > 0 ? level(m.ticketsPerActiveDay / cap, 1, 1.25) : 0;
  const points = Math.max(relative, absolute) as Points;
  if (points === 0) return null;
  // Moving this share of the queue brings the agent back to the team median (or the cap).
  const target = relative >= absolute ? median : (cap as number);
  const share = Math.min(0.8, Math.max(0.05, 1 - target / m.ticketsPerActiveDay));
  const rounded = Math.round(share * 20) * 5;
  const openPart = m.openBacklog > 0 ? ` (about ${Math.max(1, Math.round(m.openBacklog * share))} open tickets)` : '';
  const reason =
    relative >= absolute
      ? `handled ${ratio.toFixed(1)}× the team median of tickets per active day ` +
        `(${m.ticketsPerActiveDay.toFixed(1)} vs ${median.toFixed(1)})`
      : `handled ${m.ticketsPerActiveDay.toFixed(1)} tickets per active day, above the cap of ${cap}`;
  return { points, reason, suggestion: `rebalance ~${rounded}% of this queue to the team${openPart}` };
}

/** How the hours behind a time-of-day figure were set, when not by the agents file. */
export function hoursBasis(m: AgentMetrics): string {
  const s = m.schedule;
  const hours = `${formatClock(s.startMinute)}–${formatClock(s.endMinute)} ${s.zoneLabel}`;
  if (s.hoursSource === 'inferred') return ` (usual hours ${hours}, inferred from activity)`;
  if (s.hoursSource === 'default') return ` (hours assumed: ${hours}, too little history to infer them)`;
  return '';
}

function afterHoursFinding(m: AgentMetrics, t: RiskThresholds, teamMedian: number | undefined): Finding | null {
  if (m.actions < t.minActionsForShares) return null;
  const share = m.afterHoursShare;
  const what = m.actionsSource === 'events' ? 'replies' : 'actions';
  const suggestion = 'move after-hours coverage to a rota shared by the team';
  if (teamMedian !== undefined) {
    const above = share - teamMedian;
    const points: Points = share < 1.5 * teamMedian ? 0 : above > t.afterHoursRed ? 2 : above > t.afterHoursAmber ? 1 : 0;
    if (points === 0) return null;
    return { points, reason: `${percent(share)} of ${what} outside working hours, vs ${percent(teamMedian)} for the team${hoursBasis(m)}`, suggestion };
  }
  const points: Points = share > t.afterHoursRed ? 2 : share > t.afterHoursAmber ? 1 : 0;
  if (points === 0) return null;
  return { points, reason: `${percent(share)} of ${what} outside working hours${hoursBasis(m)}`, suggestion };
}

function streakFinding(m: AgentMetrics, t: RiskThresholds, teamMedian: number | undefined): Finding | null {
  const points =
    teamMedian === undefined
      ? level(m.maxConsecutiveDays, t.streakAmber, t.streakRed)
      : Math.min(level(m.maxConsecutiveDays, t.streakAmber, t.streakRed), level(m.maxConsecutiveDays - teamMedian, STREAK_MARGIN_AMBER, STREAK_MARGIN_RED));
  if (points === 0) return null;
  const versus = teamMedian === undefined ? '' : `, vs a team median of ${teamMedian}`;
  const ongoing = m.currentStreak >= t.streakAmber;
  return {
    points: points as Points,
    reason: ongoing
      ? `${m.maxConsecutiveDays} consecutive active days (${m.currentStreak} and counting)${versus}`
      : `${m.maxConsecutiveDays} consecutive active days${versus}`,
    suggestion: ongoing
      ? `schedule a day off after the current ${m.currentStreak}-day streak and have the team cover it`
      : `have the team cover days off so a ${m.maxConsecutiveDays}-day run does not recur`,
  };
}

function sleepFinding(m: AgentMetrics, t: RiskThresholds, teamMedian: number | undefined): Finding | null {
  const points = level(m.sleepHourDays - (teamMedian ?? 0), t.sleepDaysAmber, t.sleepDaysRed);
  if (points === 0) return null;
  const versus = teamMedian === undefined ? '' : `, vs a team median of ${teamMedian}`;
  const zone = m.schedule.zoneSource === 'agents_file' || m.schedule.hoursSource === 'agents_file' ? '' : ` (local time: ${m.schedule.zoneLabel}, ${zoneWords(m)})`;
  return {
    points,
    reason: `active in sleep hours (22:00–06:00 local) on ${m.sleepHourDays} days${versus}${zone}`,
    suggestion: 'route night-time tickets to an on-call rota instead',
  };
}

function hostileFinding(m: AgentMetrics, ref: RiskReference, t: RiskThresholds): Finding | null {
  if (m.negativeShare === null || ref.negativeShareMedian === null || m.toneTickets < t.minTicketsForRatios) return null;
  const teamShare = ref.negativeShareMedian;
  const above = m.negativeShare - teamShare;
  const ratioOk = m.negativeShare >= t.hostileRatio * teamShare;
  const points: Points = !ratioOk ? 0 : above >= t.hostileMarginRed ? 2 : above >= t.hostileMarginAmber ? 1 : 0;
  if (points === 0) return null;
  return {
    points,
    reason: `${percent(m.negativeShare)} of tickets with a hostile-toned customer, vs ${percent(teamShare)} for the team`,
    suggestion: 'rotate hostile or escalated conversations across the team',
  };
}

function zoneWords(m: AgentMetrics): string {
  switch (m.schedule.zoneSource) {
    case 'export':
      return 'as the export declares it';
    case 'inferred':
      return 'inferred from activity';
    default:
      return 'assumed';
  }
}

/** Score: amber = 1, red = 2 per component; 0–1 low, 2–3 elevated, ≥ 4 high. */
export function riskLevelOf(score: number): RiskLevel {
  return score >= 4 ? 'high' : score >= 2 ? 'elevated' : 'low';
}

export const NO_CHANGE_SUGGESTION = 'No redistribution suggested.';

export const WEAK_SIGNALS_NOTE =
  'Held at low: this export is not a support desk, and comments among colleagues, status changes and ticket ' +
  'timestamps say little about load; only replies to people outside the team would, and this person has too few of them.';

export function assessRisk(
  m: AgentMetrics,
  ref: RiskReference,
  thresholds: RiskThresholds,
  context: RiskContext = NO_CONTEXT,
): RiskAssessment {
  const team = context.teamSignals;
  const afterHours = afterHoursFinding(m, thresholds, team.after_hours);
  const sleep = sleepFinding(m, thresholds, team.sleep_hours);
  const notes: string[] = [];
  // Against assumed hours the after-hours share measures the assumption as much as the person
  // (someone in another zone is "79% after hours"): shown, labelled, but not rated.
  const rateAfterHours = hoursKnown(m);
  const rateSleep = zoneKnown(m);
  if (afterHours && !rateAfterHours) notes.push('After-hours work is not rated: the working hours are assumed (too little history to infer them).');
  if (sleep && !rateSleep) notes.push('Sleep-hour work is not rated: the time zone is assumed.');
  // Order among equal points: workload first, then time, then exposure.
  const findings = [
    loadFinding(m, ref, thresholds),
    rateAfterHours ? afterHours : null,
    streakFinding(m, thresholds, team.long_streaks),
    rateSleep ? sleep : null,
    hostileFinding(m, ref, thresholds),
  ].filter((f): f is Finding => f !== null);
  const ordered = findings.map((f, i) => ({ f, i })).sort((a, b) => b.f.points - a.f.points || a.i - b.i).map(({ f }) => f);
  const score = ordered.reduce((s, f) => s + f.points, 0);
  const suggestions = ordered.slice(0, 3).map((f) => f.suggestion);
  const suggestion = suggestions.length === 0 ? NO_CHANGE_SUGGESTION : capitalise(`${suggestions.join('; ')}.`);
  let risk = riskLevelOf(score);
  const shared = (Object.keys(team) as (keyof TeamSignalMedians)[]).map((k) => SIGNAL_WORDS[k]);
  if (shared.length > 0) {
    notes.push(`${capitalise(shared.join(' and '))} ${shared.length > 1 ? 'are' : 'is'} shared by most of the team: reported once for the team, and rated here against the team.`);
  }
  if (context.weakSignals && m.supportReplies < thresholds.minActionsForShares && risk !== 'low') {
    risk = 'low';
    notes.push(WEAK_SIGNALS_NOTE);
  }
  return { risk, score, reasons: ordered.map((f) => f.reason), suggestion, note: notes.length === 0 ? null : notes.join(' ') };
}

/** Working hours from the agents file or the person's own history, not the assumed default. */
export function hoursKnown(m: AgentMetrics): boolean {
  return m.schedule.hoursSource !== 'default';
}

/** A zone someone gave (agents file, export) or inferred — not SUPPORT_TRENDS_TZ by default for lack of anything. */
export function zoneKnown(m: AgentMetrics): boolean {
  return !(m.schedule.hoursSource === 'default' && m.schedule.zoneSource === 'default');
}

const SIGNAL_WORDS: Record<TeamSignal, string> = {
  after_hours: 'after-hours work',
  sleep_hours: 'sleep-hour work',
  long_streaks: 'long runs without a day off',
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
