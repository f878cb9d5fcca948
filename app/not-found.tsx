import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="panel problem">
      <h1>Page not found</h1>
      <p>There is no page at this address. A topic or release may have been renamed, merged or removed by a re-analysis.</p>
      <p>
        <Link href="/">Overview</Link> · <Link href="/topics">Topics</Link> · <Link href="/releases">Releases</Link> ·{' '}
        <Link href="/tickets">Tickets</Link>
      </p>
    </section>
  );
}
