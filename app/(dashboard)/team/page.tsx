import Link from 'next/link';
import { auditIndividualTeamView } from '@/lib/auth/audit';
import { canSeeIndividuals, hasRole, type Viewer } from '@/lib/auth/viewer';
import { compareByRiskThenName, MIN_GROUP_SIZE } from '@/lib/analysis/team';
import { getTeamLoad, type TeamLoadView, type TeamWeekView } from '@/lib/queries/team';
import { listTopicLabels } from '@/lib/queries/topics';
import { day, n, pct } from '@/lib/format';
import { openPage } from '@/lib/page-context';
import { TrendChart } from '@/app/components/charts/trend-chart';
import { ChartNumbers } from '@/app/components/chart-numbers';
import { TableScroll } from '@/app/components/table-scroll';
import { heatCellColours } from '@/lib/heat-shade';
import { renderPage } from '@/app/components/page-problem';
import { HourOfWeekHeatmaps, ResponseTrend, TeamCaveats, TeamFindings, TeamRhythmTable } from '@/app/components/team/team-rhythm';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Team load' };

export default async function TeamPage() {
  return renderPage(async () => {
    const { db, viewer } = await openPage('viewer');
    const individuals = canSeeIndividuals(viewer);
    const team = await getTeamLoad(db, { includeIndividuals: individuals });
    // Who looked at individual load data is recorded (lib/auth/audit.ts).
    await auditIndividualTeamView(viewer, { individuals, agents: team?.agents.length ?? 0 });
    if (team && (team.state === 'no_people' || team.state === 'no_activity')) {
      // An export that names nobody (Hadoop's Jira CSV), or nobody active lately: say so rather than show zeros.
      return (
        <>
          <h1>Team load</h1>
          <p className="empty">{team.warnings[0]}</p>
          {team.state === 'no_people' && (
            <p className="note">Team load needs assignees or comments written by the team: import an export with those fields.</p>
          )}
        </>
      );
    }
    if (!team || team.teams.length === 0) {
      return (
        <>
          <h1>Team load</h1>
          <p className="empty">No team-load snapshot yet. It is computed by the analysis from assigned tickets and their replies.</p>
        </>
      );
    }
    const topicIds = [...team.singleOwnerTopics.map((t) => String(t.topicId)), ...team.crowdedTopics.map((t) => String(t.topicId))];
    const labels = await listTopicLabels(db, topicIds);
    const label = (id: string | number) => labels.get(String(id)) ?? String(id);
    const weeks = (team.teams.find((t) => !t.withheld)?.weekly ?? []).map((w) => w.weekStart);
    const shownTeams = team.teams.filter((t) => !t.withheld);

    return (
      <>
        <h1>Team load</h1>
        <p className="lede">
          How work is spread over the last {team.windowDays} days (as of {day(team.asOf.slice(0, 10))}) and the {weeks.length} weeks before: to move
          work around, not to watch people.
        </p>
        <AccessNote viewer={viewer} individuals={individuals} />
        <TeamCaveats team={team} />
        <WithheldNote team={team} />
        <div className="grid">
          <section className="panel span-12" aria-labelledby="findings-heading">
            <h2 id="findings-heading">Team findings</h2>
            <TeamFindings findings={team.teamFindings ?? []} />
            <p className="note">A signal half a team or more shares is reported once, for the team: a coverage or staffing matter, not a person&apos;s.</p>
          </section>
          <section className="panel span-12" aria-labelledby="rhythm-heading">
            <h2 id="rhythm-heading">When the teams work</h2>
            <TeamRhythmTable team={team} />
            <p className="note">
              After hours: replies and updates outside each person&apos;s own shift, days off included. Sleep-hour nights: nights with work between 22:00 and
              06:00 local, summed over the team&apos;s people. Bulk actions (a release closing its tickets within minutes) count once and never as after-hours work.
            </p>
          </section>
          <section className="panel span-12" aria-labelledby="hours-heading">
            <h2 id="hours-heading">Hour of the week</h2>
            <HourOfWeekHeatmaps team={team} />
            <p className="note">Darker = more actions; the number is in every cell. Each person&apos;s actions are placed in their own local time.</p>
          </section>
          <section className="panel span-6" aria-labelledby="first-response-heading">
            <h2 id="first-response-heading">First response</h2>
            <ResponseTrend team={team} weeks={weeks} median="firstResponseHoursMedian" count="firstResponses" title="Time to first response" />
          </section>
          <section className="panel span-6" aria-labelledby="resolution-heading">
            <h2 id="resolution-heading">Resolution time</h2>
            <ResponseTrend team={team} weeks={weeks} median="resolutionHoursMedian" count="resolutions" title="Time from creation to resolution" />
          </section>
          <section className="panel span-12" aria-labelledby="heat-heading">
            <h2 id="heat-heading">Tickets per person, team × week</h2>
            <Heatmap team={team} weeks={weeks} />
            <HeatmapNumbers team={team} />
            <p className="note">
              Tickets created in the week and assigned to the team, divided by the people active that week. Darker = busier; the
              number is in every cell; each cell&apos;s tickets, people and after-hours share are under “The numbers behind the chart”. The
              last week is still running.
            </p>
          </section>
          <section className="panel span-6" aria-labelledby="after-heading">
            <h2 id="after-heading">After-hours work</h2>
            <TrendChart
              periods={weeks}
              partialLast
              unit="share"
              label="Share of actions outside working hours per team and week"
              series={shownTeams.map((t) => ({ name: t.team, values: t.weekly.map((w) => w.afterHoursShare) }))}
            />
            <p className="note">Share of replies and updates outside each person&apos;s own shift (days off included), in their time zone.</p>
          </section>
          <section className="panel span-6" aria-labelledby="backlog-heading">
            <h2 id="backlog-heading">Open backlog</h2>
            <TrendChart
              periods={weeks}
              partialLast
              unit="count"
              label="Open tickets assigned to each team at the end of each week"
              series={shownTeams.map((t) => ({ name: t.team, values: t.weekly.map((w) => w.backlog) }))}
            />
            <p className="note">Open tickets assigned to the team at the end of each week.</p>
          </section>
          <section className="panel span-6" aria-labelledby="imbalance-heading">
            <h2 id="imbalance-heading">Imbalance</h2>
            <Imbalance team={team} />
          </section>
          <section className="panel span-6" aria-labelledby="knowledge-heading">
            <h2 id="knowledge-heading">Knowledge concentration</h2>
            <h3 className="subhead">Topics only one person handles</h3>
            {team.singleOwnerTopics.length === 0 ? (
              <p className="note">None: every topic with enough tickets has at least two people on it.</p>
            ) : (
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">Topic</th>
                    <th scope="col" className="num">Tickets ({team.windowDays} d)</th>
                    <th scope="col">Handled by</th>
                  </tr>
                </thead>
                <tbody>
                  {team.singleOwnerTopics.map((t) => (
                    <tr key={String(t.topicId)}>
                      <td><Link href={`/topics/${t.topicId}`}>{label(t.topicId)}</Link></td>
                      <td className="num">{n(t.tickets)}</td>
                      <td>{t.agent}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <p className="note">A holiday or a resignation leaves these without anyone who knows them: pair someone up.{!individuals && ' Names are shown only where individual rows are allowed.'}</p>
            <h3 className="subhead">Crowded topics</h3>
            {team.crowdedTopics.length === 0 ? (
              <p className="note">None: no topic passes through many hands with escalations.</p>
            ) : (
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">Topic</th>
                    <th scope="col" className="num">People</th>
                    <th scope="col" className="num">Escalations</th>
                    <th scope="col" className="num">Tickets</th>
                  </tr>
                </thead>
                <tbody>
                  {team.crowdedTopics.map((t) => (
                    <tr key={String(t.topicId)}>
                      <td><Link href={`/topics/${t.topicId}`}>{label(t.topicId)}</Link></td>
                      <td className="num">{t.agents}</td>
                      <td className="num">{t.escalations}</td>
                      <td className="num">{n(t.tickets)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <p className="note">Many people, each escalating: a knowledge-transfer session or a runbook would help.</p>
          </section>
          {individuals && (
            <section className="panel span-12" aria-labelledby="risk-heading">
              <h2 id="risk-heading">Who may need work taken off them</h2>
              <RiskCards team={team} />
            </section>
          )}
        </div>
        <p className="note disclaimer">{team.disclaimer}</p>
      </>
    );
  });
}

function AccessNote({ viewer, individuals }: { viewer: Viewer; individuals: boolean }) {
  if (individuals) {
    return (
      <div className="notice warn" role="note">
        <strong>Individual rows are shown</strong> (manager access{viewer.authenticated ? '' : ', switched on with SUPPORT_TRENDS_SHOW_INDIVIDUALS'}). Teams
        under {MIN_GROUP_SIZE} people are never broken down. People are listed by risk, then by name — never by volume.
      </div>
    );
  }
  return (
    <div className="notice" role="note">
      Aggregates only: no individual appears on this page.{' '}
      {hasRole(viewer, 'manager')
        ? 'Managers can see per-person risk cards once sign-in is configured, or when the operator sets SUPPORT_TRENDS_SHOW_INDIVIDUALS=1 for this installation.'
        : 'Per-person risk cards are for managers.'}{' '}
      Teams under {MIN_GROUP_SIZE} people are never broken down either way.
    </div>
  );
}

/** Teams whose figures a viewer without individual access does not get (lib/queries/team.ts). */
function WithheldNote({ team }: { team: TeamLoadView }) {
  const withheld = team.teams.filter((t) => t.withheld);
  if (withheld.length === 0) return null;
  return (
    <p className="notice" role="note">
      {withheld.map((t) => `${t.team} (${t.size} ${t.size === 1 ? 'person' : 'people'})`).join(', ')}: fewer than {MIN_GROUP_SIZE} people, so their figures
      would be nearly each person&apos;s own — they are shown to managers only.
    </p>
  );
}

/** Tickets per person in a team's week; null when nobody (or too few to show) was active. */
const perPerson = (w: TeamWeekView | undefined) => (w && w.tickets !== null && w.activeAgents > 0 ? w.tickets / w.activeAgents : null);
const cellDetail = (w: TeamWeekView) => `${n(w.tickets ?? 0)} tickets, ${w.activeAgents} people active, ${pct(w.afterHoursShare)} after hours`;

function Heatmap({ team, weeks }: { team: TeamLoadView; weeks: string[] }) {
  const max = Math.max(1, ...team.teams.flatMap((t) => t.weekly.map((w) => perPerson(w) ?? 0)));
  return (
    <TableScroll label="Tickets per person, team × week">
      <table className="data heatmap">
        <thead>
          <tr>
            <th scope="col">Team</th>
            {weeks.map((w, i) => (
              <th key={w} scope="col" className="num">
                {day(w, false)}
                {i === weeks.length - 1 ? '*' : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {team.teams.map((t) => (
            <tr key={t.team}>
              <th scope="row">
                {t.team} <span className="muted">({t.size})</span>
              </th>
              {t.withheld ? (
                <td colSpan={Math.max(1, weeks.length)} className="muted">
                  fewer than {MIN_GROUP_SIZE} people: shown to managers only
                </td>
              ) : (
                t.weekly.map((w) => {
                  const v = perPerson(w);
                  if (v === null) {
                    return (
                      <td key={w.weekStart} className="cell muted" title={`${t.team}, week of ${day(w.weekStart)}: fewer than ${MIN_GROUP_SIZE} people active`}>
                        —
                      </td>
                    );
                  }
                  const shade = heatCellColours(v / max);
                  return (
                    <td
                      key={w.weekStart}
                      className="cell"
                      style={{ background: shade.background, color: shade.color }}
                      title={`${t.team}, week of ${day(w.weekStart)}: ${cellDetail(w)}`}
                    >
                      {v.toFixed(0)}
                    </td>
                  );
                })
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** What a heatmap cell's hover title says, for keyboard, touch and screen readers. */
function HeatmapNumbers({ team }: { team: TeamLoadView }) {
  return (
    <ChartNumbers
      label="Tickets, people active and after-hours share per team and week"
      columns={[
        { header: 'Team' },
        { header: 'Week of' },
        { header: 'Tickets', numeric: true },
        { header: 'People active', numeric: true },
        { header: 'Per person', numeric: true },
        { header: 'After hours', numeric: true },
      ]}
      rows={team.teams
        .filter((t) => !t.withheld)
        .flatMap((t) =>
          t.weekly.map((w) => {
            const v = perPerson(w);
            return {
              key: `${t.team}-${w.weekStart}`,
              // Fewer than MIN_GROUP_SIZE people active: no per-person numbers, as in the cell.
              cells: v === null ? [t.team, day(w.weekStart), '—', `< ${MIN_GROUP_SIZE}`, '—', '—'] : [t.team, day(w.weekStart), n(w.tickets ?? 0), w.activeAgents, v.toFixed(0), pct(w.afterHoursShare)],
            };
          }),
        )}
    />
  );
}

function Imbalance({ team }: { team: TeamLoadView }) {
  return (
    <>
      <p>
        Across everyone: Gini {team.loadGini === null ? '— (too few people)' : <strong>{team.loadGini.toFixed(2)}</strong>}
        {team.top20Share !== null && (
          <>
            ; the busiest 20% of people handle <strong>{pct(team.top20Share)}</strong> of tickets (an even spread would be 20%)
          </>
        )}
        .
      </p>
      <TableScroll label="Load per team">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Team</th>
            <th scope="col" className="num">People</th>
            <th scope="col" className="num">Tickets per person (median)</th>
            <th scope="col" className="num">Middle half</th>
            <th scope="col" className="num">Gini</th>
            <th scope="col" className="num">Busiest 20%</th>
          </tr>
        </thead>
        <tbody>
          {team.teams.map((t) => (
            <tr key={t.team}>
              <td>{t.team}</td>
              <td className="num">{t.size}</td>
              <td className="num">{t.brokenDown && t.loadPerAgentMedian !== null ? t.loadPerAgentMedian.toFixed(0) : '—'}</td>
              <td className="num">{t.loadPerAgentIqr ? `${t.loadPerAgentIqr[0].toFixed(0)}–${t.loadPerAgentIqr[1].toFixed(0)}` : "—"}</td>
              <td className="num">{t.loadGini === null ? '—' : t.loadGini.toFixed(2)}</td>
              <td className="num">{t.top20Share === null ? '—' : pct(t.top20Share)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableScroll>
      <p className="note">
        Gini: 0 = everyone handles the same number of tickets, 1 = one person handles all. “—”: a team under {MIN_GROUP_SIZE} people, shown only as a whole, because a spread of two or three people is their individual numbers.
      </p>
    </>
  );
}

function RiskCards({ team }: { team: TeamLoadView }) {
  const agents = [...team.agents].sort(compareByRiskThenName);
  if (agents.length === 0) return <p className="note">No team has {MIN_GROUP_SIZE} or more people, so nobody is shown individually.</p>;
  return (
    <>
      <div className="risk-cards">
        {agents.map((a) => (
          <article key={a.agent} className={`risk-card ${a.risk}`} aria-label={`${a.agent}, ${a.risk} risk`}>
            <h3>
              {a.agent} <span className="muted">· {a.team}</span>
            </h3>
            <p>
              <span className={`badge ${a.risk === 'high' ? 'bad' : a.risk === 'elevated' ? 'warn' : 'ok'}`}>{a.risk === 'low' ? 'no sign of overload' : `${a.risk} risk`}</span>
            </p>
            {a.reasons.length > 0 && (
              <ul className="finding-list">
                {a.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            )}
            {a.suggestion && (
              <p>
                <strong>Suggested:</strong> {a.suggestion}
              </p>
            )}
            {a.riskNote && <p className="note">{a.riskNote}</p>}
            {a.workingHours && (
              <p className="note">
                Hours {a.workingHours.start}–{a.workingHours.end} {a.workingHours.timeZone},{' '}
                {a.workingHours.source === 'agents_file' ? 'from the agents file' : a.workingHours.source === 'inferred' ? 'inferred from activity' : 'assumed'}
                {a.bulkBursts > 0 && `; ${a.bulkBursts} bulk burst${a.bulkBursts === 1 ? '' : 's'} counted once each`}.
              </p>
            )}
            {a.actionsSource === 'ticket_timestamps' && <p className="note">Estimated from ticket timestamps (no reply events).</p>}
          </article>
        ))}
      </div>
      <p className="note">Sorted by risk, then by name. There is deliberately no table of people and no volume ranking.</p>
    </>
  );
}
