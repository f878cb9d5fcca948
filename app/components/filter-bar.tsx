import Link from 'next/link';
import { filterParam, filtersToQuery, PRIORITIES, type FilterKey, type Filters } from '@/lib/filters';
import type { TopicId } from '@/lib/topic-id';
import type { FilterOptions } from '@/lib/queries/topics';
import type { DayRange } from '@/lib/queries/filter-sql';
import { day, shortPseudonym } from '@/lib/format';
import { FilterBarForm } from './filter-bar-form';

export const ALL_FILTER_FIELDS: FilterKey[] = ['from', 'to', 'topic', 'org', 'customer', 'priority', 'channel', 'version'];

interface FilterBarProps {
  /** The choices of each field (lib/queries/topics.ts listFilterOptions, fetched by the page). */
  options: FilterOptions;
  pathname: string;
  filters: Filters;
  dataRange: DayRange | null;
  /** Which filters this page offers (dates are always offered). */
  fields?: FilterKey[];
  /** Other URL parameters to keep when the filters change (e.g. granularity). */
  keep?: Record<string, string | undefined>;
}

/**
 * The one filter bar of every page: the current filters as removable chips, and a form that
 * writes them to the URL (shareable, back button works).
 */
export function FilterBar({ options, pathname, filters, dataRange, fields = ALL_FILTER_FIELDS, keep = {} }: FilterBarProps) {
  const topicLabel = (id: TopicId | null) => (id === null ? 'Unclustered' : (options.topics.find((t) => t.id === id)?.label ?? id));
  const orgName = (id: number) => options.organizations.find((o) => o.id === id)?.name ?? `#${id}`;
  const chips: { key: FilterKey[]; text: string }[] = [];
  if (filters.from || filters.to) chips.push({ key: ['from', 'to'], text: `${day(filters.from ?? dataRange?.from)} – ${day(filters.to ?? dataRange?.to)}` });
  if (filters.topic !== undefined) chips.push({ key: ['topic'], text: `Topic: ${topicLabel(filters.topic)}` });
  if (filters.org !== undefined) chips.push({ key: ['org'], text: `Organization: ${orgName(filters.org)}` });
  if (filters.customer) chips.push({ key: ['customer'], text: `Customer: ${shortPseudonym(filters.customer)}` });
  if (filters.priority) chips.push({ key: ['priority'], text: `Priority: ${filters.priority}` });
  if (filters.channel) chips.push({ key: ['channel'], text: `Channel: ${filters.channel}` });
  if (filters.version) chips.push({ key: ['version'], text: `Version: ${filters.version}` });
  const without = (keys: FilterKey[]) => {
    const rest: Filters = { ...filters };
    for (const k of keys) delete rest[k];
    const query = filtersToQuery(rest, keep);
    return query ? `${pathname}?${query}` : pathname;
  };

  return (
    <section className="filter-bar no-print" aria-label="Filters">
      <FilterBarForm
        // Remount when the URL's filters change, so the fields show what the page shows.
        key={filtersToQuery(filters)}
        pathname={pathname}
        filters={filters}
        dataRange={dataRange}
        fields={fields}
        keep={keep}
        options={{
          topics: options.topics.map((t) => ({ value: t.id, label: `${t.label} (${t.id})` })),
          organizations: options.organizations.map((o) => ({ value: String(o.id), label: o.name })),
          priorities: PRIORITIES.map((p) => ({ value: p, label: p })),
          channels: options.channels.map((c) => ({ value: c, label: c })),
          versions: options.versions.map((v) => ({ value: v, label: v })),
        }}
      />
      <div className="filter-chips" aria-live="polite">
        {chips.length === 0 ? (
          <span className="muted">
            Showing all data{dataRange ? ` (${day(dataRange.from)} – ${day(dataRange.to)})` : ''}.
          </span>
        ) : (
          <>
            {chips.map((c) => (
              <Link key={c.text} className="chip" href={without(c.key)} aria-label={`Remove filter ${c.text}`}>
                {c.text} <span aria-hidden="true">×</span>
              </Link>
            ))}
            <Link className="chip clear" href={without(ALL_FILTER_FIELDS)}>
              Clear all
            </Link>
          </>
        )}
      </div>
    </section>
  );
}

/** The filters as print shows them (the bar itself is not printed). */
export function PrintedFilters({ filters, range }: { filters: Filters; range: DayRange }) {
  const parts = [`${day(range.from)} – ${day(range.to)}`];
  for (const key of ['topic', 'org', 'customer', 'priority', 'channel', 'version'] as const) {
    const value = filterParam(filters, key);
    if (value !== undefined) parts.push(`${key}: ${key === 'customer' ? shortPseudonym(value) : value}`);
  }
  return <p className="print-only">Filters: {parts.join(' · ')}</p>;
}
