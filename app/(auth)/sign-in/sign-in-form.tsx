'use client';

import { useState, type FormEvent } from 'react';
import styles from './sign-in.module.css';

/** What the sign-in endpoint's status means for the person typing. */
function problemOf(status: number): string {
  if (status === 429) return 'Too many attempts. Wait a minute, then try again.';
  if (status === 401 || status === 400) return 'Wrong e-mail or password.';
  if (status === 403) return 'This sign-in was refused (it did not come from this page).';
  return 'Signing in did not work. Try again in a moment.';
}

/**
 * Posts to better-auth's endpoints (same origin, so its Origin check passes and its rate limit
 * applies), then leaves for `next` — a path already checked by the server (safeNextPath).
 */
export function SignInForm({ next, ssoName, initialError }: { next: string; ssoName: string | null; initialError: string | null }) {
  const [error, setError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState(false);

  async function signInWithPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') }),
      });
      if (response.ok) {
        window.location.assign(next);
        return;
      }
      setError(problemOf(response.status));
    } catch {
      setError('The server cannot be reached.');
    }
    setBusy(false);
  }

  async function signInWithSso() {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/api/auth/sign-in/social', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ provider: 'oidc', callbackURL: next, errorCallbackURL: '/sign-in' }),
      });
      const body = (await response.json().catch(() => null)) as { url?: string } | null;
      if (response.ok && body?.url) {
        window.location.assign(body.url);
        return;
      }
      setError('The SSO sign-in could not be started. Try again, or use your password.');
    } catch {
      setError('The server cannot be reached.');
    }
    setBusy(false);
  }

  return (
    <>
      {error && (
        <p className={styles.error} role="alert">
          {error}
        </p>
      )}
      {ssoName && (
        <>
          <button type="button" onClick={signInWithSso} disabled={busy}>
            Sign in with {ssoName}
          </button>
          <p className={styles.divider}>or with a local account</p>
        </>
      )}
      <form className={styles.form} onSubmit={signInWithPassword}>
        <div className={styles.field}>
          <label htmlFor="email">E-mail</label>
          <input id="email" name="email" type="email" autoComplete="username" required autoFocus={!ssoName} />
        </div>
        <div className={styles.field}>
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <button type="submit" disabled={busy} className={ssoName ? 'secondary' : undefined}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </>
  );
}
