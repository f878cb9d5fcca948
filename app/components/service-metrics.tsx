import Link from 'next/link';
import { OLD_BACKLOG_DAYS } from '@/lib/analysis/service-metrics';
import { ticketsHref, type Filters } from '@/lib/filters';
import { n, pct, waitTime } from '@/lib/format';
import type { ServiceMetricsResult } from '@/lib/queries/service-metrics';

/**
 * Service metrics as a lead reads them: each number with the count it rests on, and a link to
 * the tickets behind it. Awaited here, inside its panel's Suspense (the page starts the query).
 */
export async function ServiceMetricsBody({ metrics, filters }: { metrics: Promise<ServiceMetricsResult>; filters: Filters }) {
  const m = await metrics;
  if (m.tickets === 0) return <p className="empty">No tickets match these filters in the range.</p>;
  const { from: _from, to: _to, ...nonDate } = filters;
  const fr = m.firstResponse;
  return (
    <>
      <dl className="facts" data-testid="service-metrics">
        <div>
          <dt>First response</dt>
          {fr.tickets === 0 ? (
            <dd className="muted">not in this export: no first-response time and no agent comment on any of these tickets</dd>
          ) : (
            <dd>
              median <strong>{waitTime(fr.medianHours)}</strong>, 90% within {waitTime(fr.p90Hours)}
              <div className="muted small">
                over {n(fr.tickets)} answered tickets{fr.withoutResponse > 0 ? `; ${n(fr.withoutResponse)} without a recorded answer` : ''}
                {m.responsesFromComments > 0 ? `; ${n(m.responsesFromComments)} timed by the first public agent comment` : ''}
              </div>
            </dd>
          )}
        </div>
        <div>
          <dt>Resolution</dt>
          <dd>
            median <strong>{waitTime(m.resolution.medianHours)}</strong>, 90% within {waitTime(m.resolution.p90Hours)}
            <div className="muted small">over {n(m.resolution.tickets)} resolved tickets, from creation to the last resolution</div>
          </dd>
        </div>
        <div>
          <dt>Reopened</dt>
          <dd>
            <strong>{pct(m.reopen.share, 1)}</strong>
            <div className="muted small">
              {n(m.reopen.reopened)} of {n(m.reopen.everResolved)} tickets ever resolved came back
            </div>
          </dd>
        </div>
        <div>
          <dt>Open backlog</dt>
          <dd>
            <Link href={ticketsHref(filters, { status: 'unresolved' })}>{n(m.backlog.open)} tickets</Link>
            {m.backlog.open > 0 && (
              <>
                , median age <strong>{waitTime(m.backlog.medianAgeDays === null ? null : m.backlog.medianAgeDays * 24)}</strong>
              </>
            )}
            <div className="muted small">
              of the tickets created in the range; {n(m.backlog.olderThan30Days)} older than {OLD_BACKLOG_DAYS} days at {m.asOf.slice(0, 16).replace('T', ' ')} UTC
              {m.backlog.p90AgeDays !== null ? `; 90% younger than ${waitTime(m.backlog.p90AgeDays * 24)}` : ''}
            </div>
          </dd>
        </div>
        <div>
          <dt>Satisfaction</dt>
          <dd>
            {m.satisfaction === null ? (
              <span className="muted">not in this export</span>
            ) : (
              <>
                <strong>{pct(m.satisfaction.share)}</strong> good
                <div className="muted small">{n(m.satisfaction.good)} of {n(m.satisfaction.rated)} rated tickets</div>
              </>
            )}
          </dd>
        </div>
      </dl>
      <p className="note">
        Over the {n(m.tickets)} tickets created in the range{Object.keys(nonDate).length > 0 ? ' that match the filters' : ''}. Wall-clock time (not
        business hours); a median needs 3 tickets and a 90th percentile 10.{m.inconsistent > 0 ? ` ${n(m.inconsistent)} times before their ticket's creation were left out.` : ''}
      </p>
    </>
  );
}
