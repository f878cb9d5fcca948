'use client';

import Link from 'next/link';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type VisibilityState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { TicketListRow } from '@/lib/queries/tickets';
import { csvFileName, downloadCsv } from '@/lib/csv-download';
import { TICKET_COLUMNS, type TicketColumnId } from '@/lib/ticket-columns';
import { TableScroll } from '../table-scroll';

interface TicketsTableProps {
  rows: TicketListRow[];
  /** Columns this viewer may see (subject/customer for leads, agent for permitted managers). */
  allowed: TicketColumnId[];
  /** The page's query (filters, status, search, sort) for the "all rows" CSV link. */
  query: string;
  total: number;
  capped: boolean;
}

/** Short values that read badly when wrapped (times wrap between the day and the hour instead). */
const NOWRAP = new Set(['id', 'priority']);

/** "2026-12-06 03:14" as the day over the time: two narrow lines keep Priority and Resolved in view at 1024 px. */
function dayAndTime(value: string | null) {
  if (!value) return <span className="muted">—</span>;
  const [date, time] = value.split(' ');
  return (
    <>
      <span className="nowrap">{date}</span> <span className="nowrap muted">{time}</span>
    </>
  );
}

function cell(column: TicketColumnId, row: TicketListRow) {
  switch (column) {
    case 'topic':
      return row.topicId ? <Link href={`/topics/${row.topicId}`}>{row.topic ?? row.topicId}</Link> : <span className="muted">unclustered</span>;
    case 'id':
      return `#${row.id}`;
    case 'externalId':
      // The source over its id, so a long source name does not widen the table.
      return (
        <>
          <span className="nowrap muted">{row.source}</span> <span className="nowrap">{row.externalId}</span>
        </>
      );
    case 'created':
      return dayAndTime(row.created);
    case 'resolved':
      return dayAndTime(row.resolved);
    case 'status':
      return (
        <>
          {row.status ?? '—'}{' '}
          {row.escalated && <span className="badge warn" title="Escalated">esc</span>}
        </>
      );
    default: {
      const value = TICKET_COLUMNS.find((c) => c.id === column)!.value(row);
      return value === null || value === '' ? <span className="muted">—</span> : String(value);
    }
  }
}

/**
 * One page of tickets (the server pages with a keyset): columns can be hidden, and the CSV holds
 * the visible columns — of this page here, or of every matching ticket from the server.
 */
export function TicketsTable({ rows, allowed, query, total, capped }: TicketsTableProps) {
  const columns = useMemo<ColumnDef<TicketListRow>[]>(
    () =>
      TICKET_COLUMNS.filter((c) => allowed.includes(c.id)).map((c) => ({
        id: c.id,
        header: c.header,
        accessorFn: (row) => c.value(row),
        cell: ({ row }) => cell(c.id, row.original),
      })),
    [allowed],
  );
  const [visibility, setVisibility] = useState<VisibilityState>(() =>
    Object.fromEntries(TICKET_COLUMNS.filter((c) => c.hiddenByDefault).map((c) => [c.id, false])),
  );
  const table = useReactTable({
    data: rows,
    columns,
    state: { columnVisibility: visibility },
    onColumnVisibilityChange: setVisibility,
    getCoreRowModel: getCoreRowModel(),
  });
  const visible = table.getVisibleLeafColumns().map((c) => c.id as TicketColumnId);
  const allHref = `/api/tickets.csv?${query}${query ? '&' : ''}columns=${visible.join(',')}`;
  const downloadPage = () => {
    const defs = TICKET_COLUMNS.filter((c) => visible.includes(c.id));
    downloadCsv(
      csvFileName('tickets-page'),
      rows.map((r) => Object.fromEntries(defs.map((d) => [d.id, d.value(r)]))),
      defs.map((d) => ({ key: d.id, header: d.header })),
    );
  };

  return (
    <div>
      <div className="table-controls no-print">
        <details>
          <summary>Columns</summary>
          <div role="group" aria-label="Visible columns">
            {table.getAllLeafColumns().map((c) => (
              <label key={c.id}>
                <input type="checkbox" checked={c.getIsVisible()} onChange={c.getToggleVisibilityHandler()} /> {String(c.columnDef.header)}
              </label>
            ))}
          </div>
        </details>
        <button type="button" className="secondary" onClick={downloadPage} disabled={rows.length === 0} data-testid="csv-page">
          CSV: this page ({rows.length} rows)
        </button>
        <a className="button secondary" href={allHref} download data-testid="csv-all">
          CSV: all {capped ? `${total.toLocaleString('en-US')}+` : total.toLocaleString('en-US')} matching rows
        </a>
      </div>
      <TableScroll label="Tickets">
        <table className="data compact" aria-label="Tickets">
          <thead>
            {table.getHeaderGroups().map((g) => (
              <tr key={g.id}>
                {g.headers.map((h) => (
                  <th key={h.id} scope="col">
                    {flexRender(h.column.columnDef.header, h.getContext())}
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id}>
                {row.getVisibleCells().map((c) => (
                  <td key={c.id} className={NOWRAP.has(c.column.id) ? 'nowrap' : `col-${c.column.id}`}>
                    {flexRender(c.column.columnDef.cell, c.getContext())}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
