import { Suspense, type ReactNode } from 'react';
import { PanelErrorBoundary } from './panel-error-boundary';

/** A titled panel whose content loads (and fails) on its own: a slow query never holds up the rest of the page. */
export function Panel({
  id,
  title,
  span = 12,
  children,
  note,
  actions,
  skeletonHeight = 180,
}: {
  id: string;
  title: ReactNode;
  span?: 4 | 6 | 8 | 12;
  children: ReactNode;
  note?: ReactNode;
  actions?: ReactNode;
  skeletonHeight?: number;
}) {
  return (
    <section className={`panel span-${span}`} aria-labelledby={`${id}-heading`} id={id}>
      <div className="panel-head">
        <h2 id={`${id}-heading`}>{title}</h2>
        {actions && <div className="panel-actions no-print">{actions}</div>}
      </div>
      <PanelErrorBoundary>
        <Suspense fallback={<Skeleton height={skeletonHeight} />}>{children}</Suspense>
      </PanelErrorBoundary>
      {note && <p className="note">{note}</p>}
    </section>
  );
}

export function Skeleton({ height = 180, label = 'Loading…' }: { height?: number; label?: string }) {
  return (
    <div className="skeleton" style={{ minHeight: height }} role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
    </div>
  );
}
