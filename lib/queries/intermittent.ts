/** Recurring and "keeps coming back" topics found by the last analysis (lib/analysis/recurrence.ts). */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import type { RecurrenceFinding } from '@/lib/analysis/recurrence';
import type { TopicId } from '@/lib/topic-id';

/**
 * A stored recurrence finding (lib/analysis/recurrence.ts) as the pages read it: the topic by its
 * id and label. `recurring` false = irregular, "keeps coming back".
 */
export type RecurringTopicRow = Omit<RecurrenceFinding, 'topicId' | 'intermittent' | 'fixEpisodes'> & {
  topicId: TopicId;
  label: string;
};

const COLUMNS = sql`r.topic_id as "topicId", coalesce(tp.label, r.topic_id) as label, r.recurring, r.episodes,
  r.median_gap_days as "medianGapDays", r.gap_cv as "gapCv", r.burstiness, r.regularity_p_value as "regularityPValue",
  to_char(r.next_expected, 'YYYY-MM-DD') as "nextExpected", r.next_window_days as "nextWindowDays", r.ongoing, r.overdue,
  r.fix_signature as "fixSignature", r.fix_share as "fixShare", r.summary`;

/** Every intermittent topic: regular ones first (soonest next episode first), then the irregular. */
export async function listRecurringTopics(db: Db): Promise<RecurringTopicRow[]> {
  return queryRows<RecurringTopicRow>(
    db,
    sql`select ${COLUMNS} from recurring_topics r left join topics tp on tp.id = r.topic_id
        where r.intermittent
        order by r.recurring desc, r.next_expected nulls last, jsonb_array_length(r.episodes) desc, r.topic_id`,
  );
}

/** One topic's recurrence facts, or null when it is not intermittent. */
export async function getTopicRecurrence(db: Db, topicId: string): Promise<RecurringTopicRow | null> {
  const [row] = await queryRows<RecurringTopicRow>(
    db,
    sql`select ${COLUMNS} from recurring_topics r left join topics tp on tp.id = r.topic_id where r.topic_id = ${topicId}`,
  );
  return row ?? null;
}

/**
 * Regular topics whose next episode is expected in [from, to] (widened by each forecast's own
 * ± window), or that are overdue or in an episode now.
 */
export async function listRecurrencesDue(db: Db, from: string, to: string): Promise<RecurringTopicRow[]> {
  return queryRows<RecurringTopicRow>(
    db,
    sql`select ${COLUMNS} from recurring_topics r left join topics tp on tp.id = r.topic_id
        where r.intermittent and r.recurring and (r.overdue or r.ongoing or (r.next_expected is not null
          and r.next_expected + make_interval(days => ceil(coalesce(r.next_window_days, 0))::int) >= ${from}::date
          and r.next_expected - make_interval(days => ceil(coalesce(r.next_window_days, 0))::int) <= ${to}::date))
        order by r.next_expected nulls first, r.topic_id`,
  );
}
