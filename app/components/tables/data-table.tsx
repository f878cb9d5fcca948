'use client';

import {
  flexRender,
  getCoreRowModel,
  getExpandedRowModel,
  getFilteredRowModel,
  getPaginationRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type ExpandedState,
  type FilterFn,
  type RowData,
  type SortingState,
  type VisibilityState,
} from '@tanstack/react-table';
import { Fragment, useId, useState, type ReactNode } from 'react';
import { csvFileName, downloadCsv } from '@/lib/csv-download';
import { TableScroll } from '../table-scroll';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Right-aligned, tabular digits. */
    numeric?: boolean;
    /** Column title in the CSV (default: the header text). */
    csvHeader?: string;
    /** Cell value in the CSV (default: the column's accessor value). */
    csv?: (row: TData) => unknown;
  }
}

interface DataTableProps<T> {
  data: T[];
  columns: ColumnDef<T, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Names the table for screen readers and the CSV file. */
  label: string;
  fileBase: string;
  initialSorting?: SortingState;
  initialHidden?: VisibilityState;
  pageSize?: number;
  searchPlaceholder?: string;
  /** Shown instead of the table when there are no rows at all. */
  empty: ReactNode;
  /** How the search box matches a row (default: any cell contains the text). */
  globalFilterFn?: FilterFn<T>;
  /** The search text at first render (from the page's URL). */
  initialSearch?: string;
  /** Rows expanded at first render, by row id (see getRowId). */
  initialExpanded?: Record<string, boolean>;
  getRowId?: (row: T) => string;
  /** A row's expansion (a full-width row under it); rows without one cannot expand. */
  renderSubRow?: (row: T) => ReactNode | null;
  /**
   * Keeps the search text and the expanded rows in the address (these URL parameters), so a
   * shared or reloaded link shows the same view. Written with history.replaceState: no reload.
   */
  urlState?: { search?: string; expanded?: string };
}

/** Sets or clears one parameter of the current address without a navigation. */
function replaceUrlParam(key: string, value: string) {
  const url = new URL(window.location.href);
  if (value) url.searchParams.set(key, value);
  else url.searchParams.delete(key);
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
}

/**
 * A table people can sort, filter, page, trim to the columns they want and download — the CSV
 * holds exactly the visible columns in the current filter and sort order, either every filtered
 * row or only the page shown (each button says which).
 */
export function DataTable<T>({
  data,
  columns,
  label,
  fileBase,
  initialSorting = [],
  initialHidden = {},
  pageSize = 25,
  searchPlaceholder = 'Filter rows…',
  empty,
  globalFilterFn,
  initialSearch = '',
  initialExpanded = {},
  getRowId,
  renderSubRow,
  urlState,
}: DataTableProps<T>) {
  const id = useId();
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  const [globalFilter, setGlobalFilter] = useState(initialSearch);
  const [expanded, setExpanded] = useState<ExpandedState>(initialExpanded);
  const [columnVisibility, setColumnVisibility] = useState<VisibilityState>(initialHidden);
  const [pagination, setPagination] = useState({ pageIndex: 0, pageSize });
  const table = useReactTable({
    data,
    columns,
    state: { sorting, globalFilter, columnVisibility, pagination, expanded },
    onSortingChange: setSorting,
    onGlobalFilterChange: (value) => {
      setGlobalFilter(String(value ?? ''));
      setPagination((p) => ({ ...p, pageIndex: 0 }));
      if (urlState?.search) replaceUrlParam(urlState.search, String(value ?? '').trim());
    },
    onExpandedChange: (updater) => {
      const next = typeof updater === 'function' ? updater(expanded) : updater;
      setExpanded(next);
      if (urlState?.expanded && next !== true) {
        replaceUrlParam(urlState.expanded, Object.keys(next).filter((k) => next[k]).join(','));
      }
    },
    getRowId: getRowId ? (row) => getRowId(row) : undefined,
    getRowCanExpand: renderSubRow ? (row) => renderSubRow(row.original) !== null : () => false,
    getExpandedRowModel: getExpandedRowModel(),
    onColumnVisibilityChange: setColumnVisibility,
    onPaginationChange: setPagination,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getPaginationRowModel: getPaginationRowModel(),
    globalFilterFn: globalFilterFn ?? 'includesString',
  });

  if (data.length === 0) return <>{empty}</>;

  const filteredRows = table.getPrePaginationRowModel().rows;
  const pageRows = table.getRowModel().rows;
  const download = (which: 'all' | 'page') => {
    const visible = table.getVisibleLeafColumns();
    const columnsOut = visible.map((c) => ({
      key: c.id,
      header: c.columnDef.meta?.csvHeader ?? (typeof c.columnDef.header === 'string' ? c.columnDef.header : c.id),
    }));
    const rows = (which === 'all' ? filteredRows : pageRows).map((row) =>
      Object.fromEntries(visible.map((c) => [c.id, c.columnDef.meta?.csv ? c.columnDef.meta.csv(row.original) : row.getValue(c.id)])),
    );
    downloadCsv(csvFileName(which === 'all' ? fileBase : `${fileBase}-page-${pagination.pageIndex + 1}`), rows, columnsOut);
  };
  const pages = table.getPageCount();

  return (
    <div>
      <div className="table-controls no-print">
        <div className="grow">
          <label htmlFor={`${id}-filter`} className="visually-hidden">Filter the rows of {label}</label>
          <input id={`${id}-filter`} type="search" placeholder={searchPlaceholder} value={globalFilter} onChange={(e) => table.setGlobalFilter(e.target.value)} size={28} />
        </div>
        <details>
          <summary>Columns</summary>
          <div role="group" aria-label="Visible columns">
            {table.getAllLeafColumns().filter((c) => c.getCanHide()).map((c) => (
              <label key={c.id}>
                <input type="checkbox" checked={c.getIsVisible()} onChange={c.getToggleVisibilityHandler()} />{' '}
                {c.columnDef.meta?.csvHeader ?? (typeof c.columnDef.header === 'string' ? c.columnDef.header : c.id)}
              </label>
            ))}
          </div>
        </details>
        {/* Says how many rows the filter leaves, to screen readers too, as it changes. */}
        <span role="status" className="visually-hidden" data-testid="rows-status">
          {globalFilter ? `${filteredRows.length.toLocaleString('en-US')} of ${data.length.toLocaleString('en-US')} rows match “${globalFilter}”` : ''}
        </span>
        <button type="button" className="secondary" onClick={() => download('all')} data-testid="csv-all">
          CSV: all {filteredRows.length.toLocaleString('en-US')} {globalFilter ? 'filtered ' : ''}rows
        </button>
        {pages > 1 && (
          <button type="button" className="secondary" onClick={() => download('page')} data-testid="csv-page">
            CSV: this page ({pageRows.length} rows)
          </button>
        )}
      </div>
      <TableScroll label={label}>
        <table className="data" aria-label={label}>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  const numeric = header.column.columnDef.meta?.numeric;
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className={numeric ? 'num' : undefined}
                      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                    >
                      {header.isPlaceholder ? null : header.column.getCanSort() ? (
                        <button type="button" className="sort" onClick={header.column.getToggleSortingHandler()}>
                          {flexRender(header.column.columnDef.header, header.getContext())}
                        </button>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {pageRows.length === 0 ? (
              <tr>
                <td colSpan={table.getVisibleLeafColumns().length} className="muted">
                  No rows match “{globalFilter}”.
                </td>
              </tr>
            ) : (
              pageRows.map((row) => (
                <Fragment key={row.id}>
                  <tr>
                    {row.getVisibleCells().map((cell) => (
                      <td key={cell.id} className={cell.column.columnDef.meta?.numeric ? 'num' : undefined}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    ))}
                  </tr>
                  {renderSubRow && row.getIsExpanded() && (
                    <tr className="sub-row">
                      <td colSpan={row.getVisibleCells().length}>{renderSubRow(row.original)}</td>
                    </tr>
                  )}
                </Fragment>
              ))
            )}
          </tbody>
        </table>
      </TableScroll>
      {pages > 1 && (
        <nav className="pager no-print" aria-label={`Pages of ${label}`}>
          {/* aria-disabled, not disabled: a disabled button drops keyboard focus to <body> the
              moment the last (or first) page is reached. */}
          <button type="button" className="secondary" onClick={() => table.getCanPreviousPage() && table.previousPage()} aria-disabled={!table.getCanPreviousPage()}>
            ← Previous
          </button>
          <span>
            Page {pagination.pageIndex + 1} of {pages} · {filteredRows.length.toLocaleString('en-US')} rows
          </span>
          <button type="button" className="secondary" onClick={() => table.getCanNextPage() && table.nextPage()} aria-disabled={!table.getCanNextPage()}>
            Next →
          </button>
          <label>
            Rows per page{' '}
            <select value={pagination.pageSize} onChange={(e) => setPagination({ pageIndex: 0, pageSize: Number(e.target.value) })}>
              {[10, 25, 50, 100].map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </select>
          </label>
        </nav>
      )}
    </div>
  );
}
