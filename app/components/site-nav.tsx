'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { FILTER_KEYS } from '@/lib/filters';

/** `filters`: the page reads the shared filter bar, so following the link keeps the current filters. */
const LINKS = [
  { href: '/', label: 'Overview', filters: true },
  { href: '/standup', label: 'Standup', filters: false },
  { href: '/topics', label: 'Topics', filters: true },
  { href: '/intermittent', label: 'Intermittent', filters: false },
  { href: '/releases', label: 'Releases', filters: false },
  { href: '/team', label: 'Team', filters: false },
  { href: '/tickets', label: 'Tickets', filters: true },
  { href: '/imports', label: 'Imports', filters: false },
] as const;

export function SiteNav() {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const kept = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = searchParams.get(key);
    if (value) kept.set(key, value);
  }
  const query = kept.toString();
  return (
    <nav className="site-nav" aria-label="Main">
      {LINKS.map((link) => {
        const current = link.href === '/' ? pathname === '/' : pathname.startsWith(link.href);
        const href = link.filters && query ? `${link.href}?${query}` : link.href;
        return (
          <Link key={link.href} href={href} aria-current={current ? 'page' : undefined}>
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}

/** The same links without filters, while the search params are not known yet. */
export function SiteNavFallback() {
  return (
    <nav className="site-nav" aria-label="Main">
      {LINKS.map((link) => (
        <a key={link.href} href={link.href}>
          {link.label}
        </a>
      ))}
    </nav>
  );
}
