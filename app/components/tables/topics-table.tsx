'use client';

import Link from 'next/link';
import type { ColumnDef, FilterFn } from '@tanstack/react-table';
import { day, n } from '@/lib/format';
import { topicMatchesSearch } from '@/lib/topic-search';
import { Sparkline } from '../charts/sparkline';
import { DataTable } from './data-table';

export interface TopicTableRow {
  id: string;
  label: string;
  labelLocked: boolean;
  tickets: number;
  customers: number;
  /** Tickets per week over the range, oldest first. */
  weekly: number[];
  firstSeen: string | null;
  lastSeen: string | null;
  /** The tickets list for this row's count. */
  ticketsHref: string;
  topicHref: string;
  /** Searched too (issue 15): the topic's keywords and its theme. */
  keywords: string[];
  themeLabel: string | null;
  themeHref: string | null;
}

const matchTopic: FilterFn<TopicTableRow> = (row, _columnId, value) => topicMatchesSearch(row.original, String(value ?? ''));

/** Change between the first and second half of the weekly series (for sorting by trend). */
function halfChange(weekly: number[]): number {
  const half = Math.floor(weekly.length / 2);
  if (half === 0) return 0;
  const a = weekly.slice(0, half).reduce((s, v) => s + v, 0);
  const b = weekly.slice(weekly.length - half).reduce((s, v) => s + v, 0);
  return (b - a) / Math.max(1, a);
}

const columns: ColumnDef<TopicTableRow, any>[] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
  {
    id: 'label',
    accessorKey: 'label',
    header: 'Topic',
    cell: ({ row }) => (
      <>
        <Link href={row.original.topicHref}>{row.original.label}</Link>
        {row.original.labelLocked && <span className="muted" title="Named by a person"> ✎</span>}
      </>
    ),
    enableHiding: false,
  },
  { id: 'id', accessorKey: 'id', header: 'Id', meta: { csvHeader: 'Topic id' } },
  {
    id: 'theme',
    accessorFn: (row) => row.themeLabel ?? '',
    header: 'Theme',
    cell: ({ row }) => (row.original.themeHref ? <Link href={row.original.themeHref}>{row.original.themeLabel}</Link> : <span className="muted">—</span>),
  },
  {
    id: 'tickets',
    accessorKey: 'tickets',
    header: 'Tickets',
    meta: { numeric: true },
    cell: ({ row }) => <Link href={row.original.ticketsHref}>{n(row.original.tickets)}</Link>,
  },
  { id: 'customers', accessorKey: 'customers', header: 'Customers', meta: { numeric: true }, cell: ({ getValue }) => n(getValue<number>()) },
  {
    id: 'trend',
    accessorFn: (row) => halfChange(row.weekly),
    header: 'Trend (weekly)',
    enableGlobalFilter: false,
    meta: { csvHeader: 'Weekly tickets', csv: (row) => row.weekly.join(' ') },
    cell: ({ row }) => (
      <Sparkline values={row.original.weekly} label={`${row.original.label}: weekly tickets ${row.original.weekly.join(', ')}`} />
    ),
  },
  { id: 'firstSeen', accessorKey: 'firstSeen', header: 'First seen', cell: ({ getValue }) => day(getValue<string | null>()), meta: { csvHeader: 'First seen' } },
  { id: 'lastSeen', accessorKey: 'lastSeen', header: 'Last seen', cell: ({ getValue }) => day(getValue<string | null>()), meta: { csvHeader: 'Last seen' } },
];

export function TopicsTable({ rows, customersScope, initialSearch = '' }: { rows: TopicTableRow[]; customersScope: string; initialSearch?: string }) {
  const withScope = columns.map((c) =>
    c.id === 'customers' ? { ...c, header: `Customers (${customersScope})`, meta: { ...c.meta, csvHeader: `Customers (${customersScope})` } } : c,
  );
  return (
    <DataTable
      data={rows}
      columns={withScope}
      label="Topics"
      fileBase="topics"
      initialSorting={[{ id: 'tickets', desc: true }]}
      initialHidden={{ id: false }}
      searchPlaceholder="Filter topics by name, keyword or theme…"
      globalFilterFn={matchTopic}
      initialSearch={initialSearch}
      urlState={{ search: 'q' }}
      empty={<p className="empty">No topic has tickets matching these filters. Widen the dates or remove a filter.</p>}
    />
  );
}
