'use client';

import { useEffect, useState } from 'react';

/** Ends the session (better-auth deletes it and clears the cookie), then shows the sign-in page. */
export function SignOutButton({ className }: { className?: string }) {
  const [busy, setBusy] = useState(false);
  async function signOut() {
    setBusy(true);
    try {
      await fetch('/api/auth/sign-out', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    } finally {
      window.location.assign('/sign-in');
    }
  }
  return (
    <button type="button" className={className} onClick={signOut} disabled={busy}>
      Sign out
    </button>
  );
}

/**
 * Slides the session: pages are rendered where cookies cannot be rewritten, so once per page the
 * browser asks better-auth for the session, which extends it (and its cookie) when it is due.
 */
export function SessionKeepAlive() {
  useEffect(() => {
    // The answer is read to its end: an unread body keeps the request open in the browser.
    void fetch('/api/auth/get-session', { cache: 'no-store' })
      .then((response) => response.arrayBuffer())
      .catch(() => {});
  }, []);
  return null;
}
