'use client';

import Link from 'next/link';
import type { ColumnDef, FilterFn } from '@tanstack/react-table';
import { n } from '@/lib/format';
import { themeMatchesSearch } from '@/lib/topic-search';
import { DataTable } from './data-table';

export interface ThemeTableTopic {
  id: string;
  label: string;
  keywords: string[];
  tickets: number;
  topicHref: string;
}

export interface ThemeTableRow {
  id: string;
  label: string;
  labelLocked: boolean;
  keywords: string[];
  themeHref: string;
  tickets: number;
  customers: number;
  /** Tickets in the last `windowDays` days and the same span before. */
  last: number;
  prev: number;
  windowDays: number;
  topics: ThemeTableTopic[];
}

const matchTheme: FilterFn<ThemeTableRow> = (row, _columnId, value) => themeMatchesSearch(row.original, String(value ?? ''));

function columnsFor(windowDays: number): ColumnDef<ThemeTableRow, any>[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  return [
    {
      id: 'label',
      accessorKey: 'label',
      header: 'Theme',
      enableHiding: false,
      cell: ({ row }) => (
        <>
          <button
            type="button"
            className="link-button expander"
            onClick={row.getToggleExpandedHandler()}
            aria-expanded={row.getIsExpanded()}
            aria-label={`${row.getIsExpanded() ? 'Hide' : 'Show'} the ${row.original.topics.length} topics of ${row.original.label}`}
            data-testid="theme-expand"
          >
            {row.getIsExpanded() ? '▾' : '▸'}
          </button>{' '}
          <Link href={row.original.themeHref}>{row.original.label}</Link>
          {row.original.labelLocked && <span className="muted" title="Named by a person"> ✎</span>}
        </>
      ),
    },
    { id: 'id', accessorKey: 'id', header: 'Id', meta: { csvHeader: 'Theme id' } },
    { id: 'topics', accessorFn: (r) => r.topics.length, header: 'Topics', meta: { numeric: true } },
    { id: 'tickets', accessorKey: 'tickets', header: 'Tickets', meta: { numeric: true }, cell: ({ getValue }) => n(getValue<number>()) },
    { id: 'customers', accessorKey: 'customers', header: 'Customers (all time)', meta: { numeric: true }, cell: ({ getValue }) => n(getValue<number>()) },
    { id: 'last', accessorKey: 'last', header: `Last ${windowDays} days`, meta: { numeric: true }, cell: ({ getValue }) => n(getValue<number>()) },
    { id: 'prev', accessorKey: 'prev', header: `${windowDays} days before`, meta: { numeric: true }, cell: ({ getValue }) => n(getValue<number>()) },
  ];
}

function TopicList({ theme }: { theme: ThemeTableRow }) {
  return (
    <ul className="theme-topics" aria-label={`Topics of ${theme.label}`}>
      {theme.topics.map((t) => (
        <li key={t.id}>
          <Link href={t.topicHref}>{t.label}</Link> <span className="muted">· {n(t.tickets)} tickets{t.keywords.length > 0 ? ` · ${t.keywords.slice(0, 4).join(', ')}` : ''}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * Themes with their counts; each row opens onto its topics (links to the topic pages). The
 * search matches theme names, keywords and the topics' labels; search and open rows are kept in
 * the address (`q`, `open`).
 */
export function ThemesTable({ rows, windowDays, initialSearch, initialOpen }: { rows: ThemeTableRow[]; windowDays: number; initialSearch: string; initialOpen: string[] }) {
  return (
    <DataTable
      data={rows}
      columns={columnsFor(windowDays)}
      label="Themes"
      fileBase="themes"
      initialSorting={[{ id: 'tickets', desc: true }]}
      initialHidden={{ id: false }}
      searchPlaceholder="Filter themes by name, keyword or topic…"
      globalFilterFn={matchTheme}
      initialSearch={initialSearch}
      initialExpanded={Object.fromEntries(initialOpen.map((id) => [id, true]))}
      getRowId={(r) => r.id}
      renderSubRow={(r) => (r.topics.length > 0 ? <TopicList theme={r} /> : null)}
      urlState={{ search: 'q', expanded: 'open' }}
      empty={<p className="empty">No theme has tickets matching these filters. Widen the dates or remove a filter.</p>}
    />
  );
}
