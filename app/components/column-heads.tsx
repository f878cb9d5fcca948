import type { ReactNode } from 'react';

/** A column heading: `num` right-aligns it over its numbers; `title` explains it on hover. */
export interface ColumnHead {
  label: ReactNode;
  num?: boolean;
  title?: string;
}

/** A table's header row: one `<th scope="col">` per column, a plain string for a text column. */
export function ColumnHeads({ columns }: { columns: readonly (string | ColumnHead)[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column, i) => {
          const { label, num, title } = typeof column === 'string' ? { label: column, num: false, title: undefined } : column;
          return (
            <th key={i} scope="col" className={num ? 'num' : undefined} title={title}>
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
