import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';

export interface TicketTotals {
  tickets: number;
  open: number;
  customers: number;
  organizations: number;
  agents: number;
  releases: number;
  firstDay: string | null;
  lastDay: string | null;
}

export async function getTicketTotals(db: Db): Promise<TicketTotals> {
  const [row] = await queryRows<TicketTotals>(
    db,
    sql`select
      (select count(*)::int from tickets) as "tickets",
      (select count(*)::int from tickets where status_category in ('new', 'open', 'pending')) as "open",
      (select count(*)::int from customers) as "customers",
      (select count(*)::int from organizations) as "organizations",
      (select count(*)::int from agents) as "agents",
      (select count(*)::int from releases) as "releases",
      (select to_char(min(created_at), 'YYYY-MM-DD') from tickets) as "firstDay",
      (select to_char(max(created_at), 'YYYY-MM-DD') from tickets) as "lastDay"`,
  );
  return row;
}

export interface WeeklyVolumePoint {
  /** Monday of the ISO week, YYYY-MM-DD, in the installation's time zone. */
  week: string;
  tickets: number;
}

export async function getWeeklyVolume(db: Db, timeZone: string): Promise<WeeklyVolumePoint[]> {
  return queryRows<WeeklyVolumePoint>(
    db,
    sql`select to_char(date_trunc('week', created_at at time zone ${timeZone}), 'YYYY-MM-DD') as "week",
               count(*)::int as "tickets"
        from tickets group by 1 order by 1`,
  );
}

export interface ReleaseMarker {
  version: string;
  day: string;
}

export async function listReleaseMarkers(db: Db, timeZone: string): Promise<ReleaseMarker[]> {
  return queryRows<ReleaseMarker>(
    db,
    sql`select version, to_char(released_at at time zone ${timeZone}, 'YYYY-MM-DD') as "day"
        from releases order by released_at`,
  );
}
