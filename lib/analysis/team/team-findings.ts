/**
 * Team-level findings first: when half or more of a team shares a risk signal (after-hours work,
 * sleep-hour work, long runs without a day off) — and, for after-hours work, the team's own share
 * is past the individual level as well — it is a coverage or staffing matter of the team,
 * not of each person. It is then reported once, for the team, and each person is rated for that
 * signal against the team's median instead of the absolute caps (./risk.ts) — one finding instead
 * of a wall of individual "high".
 *
 * The after-hours change against the previous window is tested with Fisher's exact test on the
 * ordinary (non-bulk) action counts: after hours or not × this window or the one before.
 */
import { fisherExactTest, formatPValue } from '../stats';
import type { AgentMetrics } from './agent-metrics';
import { hoursKnown, zoneKnown, type TeamSignalMedians } from './risk';
import { median, round } from './stats';
import type { AfterHoursChange, RiskThresholds, TeamFinding, TeamSignal } from './types';

/** A share of the team at least this large makes a signal the team's. */
export const TEAM_SIGNAL_SHARE = 0.5;
/** …and at least this many people: one person is not a pattern. */
export const TEAM_SIGNAL_MIN_PEOPLE = 2;
const SIGNIFICANCE = 0.05;

const percent = (share: number) => `${Math.round(share * 100)}%`;

/**
 * The after-hours share now against the window before; null when either window has fewer than
 * `minActions` actions.
 */
export function afterHoursChange(
  afterHours: number,
  actions: number,
  previousAfterHours: number,
  previousActions: number,
  minActions: number,
): AfterHoursChange | null {
  if (actions < minActions || previousActions < minActions) return null;
  const test = fisherExactTest(afterHours, actions - afterHours, previousAfterHours, previousActions - previousAfterHours, 0.95, false);
  const share = afterHours / actions;
  const previous = previousAfterHours / previousActions;
  return {
    previousShare: round(previous),
    previousActions: previousActions,
    direction: test.pValue >= SIGNIFICANCE ? 'flat' : share > previous ? 'up' : 'down',
    test: 'fisher_exact',
    pValue: Number(test.pValue.toPrecision(3)),
  };
}

interface SignalRule {
  signal: TeamSignal;
  eligible: (m: AgentMetrics) => boolean;
  has: (m: AgentMetrics) => boolean;
  value: (m: AgentMetrics) => number;
}

function rules(t: RiskThresholds): SignalRule[] {
  return [
    {
      signal: 'after_hours',
      eligible: (m) => m.actions >= t.minActionsForShares && hoursKnown(m),
      has: (m) => m.afterHoursShare > t.afterHoursAmber,
      value: (m) => m.afterHoursShare,
    },
    { signal: 'sleep_hours', eligible: (m) => m.workActions > 0 && zoneKnown(m), has: (m) => m.sleepHourDays >= t.sleepDaysAmber, value: (m) => m.sleepHourDays },
    {
      signal: 'long_streaks',
      eligible: (m) => m.workActions > 0,
      has: (m) => m.maxConsecutiveDays >= t.streakAmber,
      value: (m) => m.maxConsecutiveDays,
    },
  ];
}

export interface TeamSignals {
  /** The team's medians of the shared signals, for rating its people against the team. */
  medians: TeamSignalMedians;
  findings: TeamFinding[];
}

export interface TeamSignalInput {
  team: string;
  members: readonly AgentMetrics[];
  /** Whether the team is large enough to say how many people share a signal. */
  brokenDown: boolean;
  windowDays: number;
  thresholds: RiskThresholds;
  /** In an export that is not a support desk, only people with replies to customers count. */
  weakSignals: boolean;
}

export function findTeamSignals(input: TeamSignalInput): TeamSignals {
  const { team, members, brokenDown, windowDays, thresholds: t } = input;
  const counted = input.weakSignals ? members.filter((m) => m.supportReplies >= t.minActionsForShares) : members;
  const medians: TeamSignalMedians = {};
  const findings: TeamFinding[] = [];
  for (const rule of rules(t)) {
    const eligible = counted.filter(rule.eligible);
    const withSignal = eligible.filter(rule.has);
    if (withSignal.length < TEAM_SIGNAL_MIN_PEOPLE || withSignal.length < TEAM_SIGNAL_SHARE * eligible.length) continue;
    medians[rule.signal] = rule.signal === 'after_hours' ? round(median(eligible.map(rule.value))) : median(eligible.map(rule.value));
    const people = brokenDown ? `${withSignal.length} of ${members.length} people` : 'most of the team';
    if (rule.signal === 'after_hours') {
      const afterHours = sum(members, (m) => m.afterHoursActions);
      const actions = sum(members, (m) => m.workActions);
      const change = afterHoursChange(
        afterHours,
        actions,
        sum(members, (m) => m.previousAfterHoursActions),
        sum(members, (m) => m.previousWorkActions),
        t.minActionsForShares,
      );
      const what = members.every((m) => m.actionsSource === 'events') ? 'replies' : 'actions';
      const share = actions === 0 ? 0 : afterHours / actions;
      // The team as a whole must be past the level too: a few busy people in office hours can
      // pull the team's share below it while most individuals sit just above.
      if (share <= t.afterHoursAmber) {
        delete medians.after_hours;
        continue;
      }
      findings.push({
        team,
        signal: 'after_hours',
        size: members.length,
        people: brokenDown ? withSignal.length : null,
        value: round(share),
        afterHoursChange: change,
        sentence:
          `${team}: ${percent(share)} of ${what} after hours (${afterHours} of ${actions})${trendWords(change, windowDays)} — ` +
          `${people} share it: a coverage/staffing issue for the team, not one person's.`,
        suggestion: 'Cover the hours the team works late with a rota or more staff, rather than asking each person to cut back.',
      });
    } else if (rule.signal === 'sleep_hours') {
      const nights = sum(members, (m) => m.sleepHourDays);
      findings.push({
        team,
        signal: 'sleep_hours',
        size: members.length,
        people: brokenDown ? withSignal.length : null,
        value: nights,
        afterHoursChange: null,
        sentence: `${team}: work in sleep hours (22:00–06:00 local) on ${nights} person-nights in ${windowDays} days — ${people}: night-time work is the team's pattern.`,
        suggestion: 'Route night-time tickets to an on-call rota with time off in lieu.',
      });
    } else {
      const longest = Math.max(...withSignal.map((m) => m.maxConsecutiveDays));
      findings.push({
        team,
        signal: 'long_streaks',
        size: members.length,
        people: brokenDown ? withSignal.length : null,
        value: longest,
        afterHoursChange: null,
        sentence: `${team}: ${people} worked ${t.streakAmber} or more days in a row (longest ${longest}) — the rota leaves too few days off.`,
        suggestion: 'Plan days off into the rota and staff the days that need cover.',
      });
    }
  }
  return { medians, findings };
}

function trendWords(change: AfterHoursChange | null, windowDays: number): string {
  if (change === null) return '';
  const previous = percent(change.previousShare);
  const p = `Fisher's exact test p = ${formatPValue(change.pValue)}`;
  if (change.direction === 'flat') return `, about as in the previous ${windowDays} days (${previous}; ${p})`;
  return `, ${change.direction} from ${previous} in the previous ${windowDays} days (${p})`;
}

function sum(members: readonly AgentMetrics[], of: (m: AgentMetrics) => number): number {
  return members.reduce((s, m) => s + of(m), 0);
}
