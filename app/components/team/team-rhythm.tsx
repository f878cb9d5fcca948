/**
 * The Team page's sections about when people work (issue 16): what a reader must know first
 * (assumed or inferred hours, a tracker-shaped export, bulk actions), the findings a team shares,
 * each team's rhythm as a whole, its hour-of-week heatmap and its weekly response times. Server
 * components that only render what the analysis stored (lib/queries/team.ts has already taken out
 * what the viewer may not see).
 */
import { day, n, pct } from '@/lib/format';
import { TrendChart } from '@/app/components/charts/trend-chart';
import { TableScroll } from '@/app/components/table-scroll';
import { heatCellColours } from '@/lib/heat-shade';
import { MIN_GROUP_SIZE, type TeamFinding, type WorkingHoursSource } from '@/lib/analysis/team';
import type { TeamLoadView, TeamRowView } from '@/lib/queries/team';

const HOURS_SOURCE = {
  agents_file: 'set in the agents file',
  inferred: 'inferred from activity',
  default: 'assumed 09:00–18:00',
  mixed: 'partly inferred, partly set or assumed',
} as const satisfies Record<WorkingHoursSource, string>;

/** The sentences to read before any figure: hours inferred or assumed, weak signals, bulk actions. */
export function TeamCaveats({ team }: { team: TeamLoadView }) {
  const warnings = team.warnings ?? [];
  if (warnings.length === 0) return null;
  return (
    <div className="notice warn" role="note" aria-label="Before reading these figures">
      <strong>Before reading these figures</strong>
      <ul>
        {warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </div>
  );
}

/** Signals half a team or more shares: one staffing matter per team, before any individual. */
export function TeamFindings({ findings }: { findings: readonly TeamFinding[] }) {
  if (findings.length === 0) {
    return <p className="note">No signal is shared by half a team or more.</p>;
  }
  return (
    <ul className="finding-list">
      {findings.map((f) => (
        <li key={`${f.team}-${f.signal}`}>
          <strong>{f.team}:</strong> {f.sentence} <span className="muted">{f.suggestion}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * Each team as a whole over the window: after-hours share now and before, weekend share,
 * sleep-hour person-nights, the longest run without a day off, where the hours come from.
 */
export function TeamRhythmTable({ team }: { team: TeamLoadView }) {
  return (
    <TableScroll label="Each team as a whole">
      <table className="data">
        <caption>Each team as a whole, last {team.windowDays} days (in each person&apos;s own working hours and zone)</caption>
        <thead>
          <tr>
            <th scope="col">Team</th>
            <th scope="col" className="num">People</th>
            <th scope="col" className="num">After hours</th>
            <th scope="col" className="num">{team.windowDays} days before</th>
            <th scope="col" className="num">Weekend / days off</th>
            <th scope="col" className="num">Sleep-hour person-nights</th>
            <th scope="col" className="num">Longest run without a day off (median)</th>
            <th scope="col">Working hours</th>
            <th scope="col" className="num">Bulk actions (counted once)</th>
          </tr>
        </thead>
        <tbody>
          {team.teams.map((t) => (
            <tr key={t.team}>
              <th scope="row">{t.team}</th>
              <td className="num">{t.size}</td>
              {t.withheld ? (
                <td colSpan={7} className="muted">
                  fewer than {MIN_GROUP_SIZE} people: shown to managers only
                </td>
              ) : (
                <>
                  <td className="num">{pct(t.afterHoursShare)}</td>
                  <td className="num">{previousShare(t)}</td>
                  <td className="num">{pct(t.weekendShare)}</td>
                  <td className="num">{t.sleepHourNights === null || t.sleepHourNights === undefined ? '—' : n(t.sleepHourNights)}</td>
                  <td className="num">{t.longestStreak === null || t.longestStreak === undefined ? '—' : `${t.longestStreak} days (${t.longestStreakMedian})`}</td>
                  <td>{hoursSource(t)}</td>
                  <td className="num">{t.bulkBursts ? `${n(t.bulkActions ?? 0)} in ${n(t.bulkBursts)}` : '—'}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function previousShare(t: TeamRowView): string {
  const change = t.afterHoursChange;
  if (!change) return '— (too few actions)';
  const arrow = change.direction === 'up' ? '▲' : change.direction === 'down' ? '▼' : '→';
  return `${pct(change.previousShare)} ${arrow} (Fisher p = ${change.pValue < 0.001 ? '< 0.001' : change.pValue.toFixed(3)})`;
}

function hoursSource(t: TeamRowView): string {
  if (!t.workingHoursSource) return '—';
  const people = t.workingHoursPeople;
  if (t.workingHoursSource !== 'mixed' || !people) return HOURS_SOURCE[t.workingHoursSource];
  return `${people.agentsFile} set, ${people.inferred} inferred, ${people.default} assumed`;
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** Actions by hour of the week in each person's own local time, one table per team. */
export function HourOfWeekHeatmaps({ team }: { team: TeamLoadView }) {
  const shown = team.teams.filter((t) => !t.withheld && t.hourOfWeek && t.hourOfWeek.length === 168);
  if (shown.length === 0) return <p className="note">No team has actions to show by hour.</p>;
  return (
    <>
      {shown.map((t) => (
        <HourOfWeekTable key={t.team} team={t.team} cells={t.hourOfWeek as number[]} windowDays={team.windowDays} />
      ))}
    </>
  );
}

function HourOfWeekTable({ team, cells, windowDays }: { team: string; cells: number[]; windowDays: number }) {
  const max = Math.max(1, ...cells);
  return (
    <TableScroll label={`${team}: actions by hour of the week`}>
      <table className="data heatmap">
        <caption>
          {team}: actions by hour of the week, last {windowDays} days, in each person&apos;s local time ({n(cells.reduce((a, b) => a + b, 0))} actions; bulk
          bursts left out)
        </caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {HOURS.map((h) => (
              <th key={h} scope="col" className="num">
                {String(h).padStart(2, '0')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {DAYS.map((d, dayIndex) => (
            <tr key={d}>
              <th scope="row">{d}</th>
              {HOURS.map((h) => {
                const value = cells[dayIndex * 24 + h];
                const shade = heatCellColours(value / max);
                return (
                  <td key={h} className="cell" style={value === 0 ? undefined : { background: shade.background, color: shade.color }}>
                    {value === 0 ? '' : value}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

type WeeklyMedian = 'firstResponseHoursMedian' | 'resolutionHoursMedian';
type WeeklyCount = 'firstResponses' | 'resolutions';

/** A weekly median per team as a chart, with the numbers behind it in a table. */
export function ResponseTrend({
  team,
  weeks,
  median,
  count,
  title,
}: {
  team: TeamLoadView;
  weeks: string[];
  median: WeeklyMedian;
  count: WeeklyCount;
  title: string;
}) {
  const shown = team.teams.filter((t) => !t.withheld);
  const hasData = shown.some((t) => t.weekly.some((w) => w[median] !== null && w[median] !== undefined));
  if (!hasData) return <p className="note">No {count === 'firstResponses' ? 'first responses' : 'resolutions'} in these weeks.</p>;
  const hours = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v.toFixed(1)} h`);
  return (
    <TrendChart
      periods={weeks}
      partialLast
      unit="hours"
      label={`${title}: median hours (and how many) per team and week`}
      series={shown.map((t) => ({ name: t.team, values: t.weekly.map((w) => w[median] ?? null) }))}
      numbers={shown.map((t) => weeks.map((_, i) => (t.weekly[i] ? `${hours(t.weekly[i][median])} (${n(t.weekly[i][count] ?? 0)})` : '—')))}
    />
  );
}
