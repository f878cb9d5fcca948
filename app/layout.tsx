import type { Metadata } from 'next';
import { Suspense, type ReactNode } from 'react';
import { AccountMenu } from './components/auth/account-menu';
import { SiteNav, SiteNavFallback } from './components/site-nav';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Support Trends', template: '%s · Support Trends' },
  description: 'Recurring issues, spikes, release impact and team load from your helpdesk exports.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <a className="brand" href="/">
            Support Trends
          </a>
          <Suspense fallback={<SiteNavFallback />}>
            <SiteNav />
          </Suspense>
          {/* Also keeps a signed-in session sliding: it reads the session on every page. */}
          <Suspense fallback={null}>
            <AccountMenu />
          </Suspense>
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}
