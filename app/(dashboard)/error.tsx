'use client';

import Link from 'next/link';
import { useEffect } from 'react';

/**
 * An unexpected failure while rendering a page. Problems a person can fix (no access, the
 * database busy or unreachable, a bad filter) are explained by the page itself; this is for bugs,
 * so it gives the reference to find the error in the server's log.
 */
export default function DashboardError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <section className="panel problem" role="alert">
      <h1>This page could not be shown</h1>
      <p>Something failed while reading the data for this page. The other pages may still work.</p>
      <ul>
        <li>Try again: a busy database (an import or analysis running) can cause this.</li>
        <li>
          If it keeps failing, look in the server&apos;s output for the error
          {digest ? (
            <>
              {' '}with reference <code>{digest}</code>
            </>
          ) : null}{' '}
          and report it.
        </li>
      </ul>
      <p>
        <button type="button" onClick={() => retry()}>
          Try again
        </button>{' '}
        <Link href="/">Back to the overview</Link>
      </p>
    </section>
  );
}
