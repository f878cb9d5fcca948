import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getAuthConfig } from '@/lib/auth/config';
import { safeNextPath } from '@/lib/auth/paths';
import { ROLES, ROLE_CAPABILITIES } from '@/lib/auth/roles';
import { getSignedInViewer } from '@/lib/auth/viewer';
import { SignInForm } from './sign-in-form';
import styles from './sign-in.module.css';

// Public by design (the one page without a session); rendered per request for the CSP nonce.
export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sign in' };

type SearchParams = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** better-auth's error codes on a failed SSO round trip, said for people. */
function ssoProblem(code: string | undefined): string | null {
  if (!code) return null;
  if (code === 'signup_disabled') return 'Your SSO account is not allowed to sign in here. Ask an admin.';
  if (code === 'account_not_linked') return 'An account with this e-mail exists but could not be joined to your SSO sign-in. Ask an admin.';
  return 'Signing in with SSO did not work. Try again, or ask an admin if it keeps failing.';
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const next = safeNextPath(first(params.next));
  const config = getAuthConfig();

  if (!config.enabled) {
    return (
      <section className={`panel ${styles.card}`} aria-labelledby="sign-in-heading">
        <h1 id="sign-in-heading">No sign-in here</h1>
        <p>
          This installation has no sign-in configured: it only answers on this machine, and you are its operator.
        </p>
        <p>
          <Link href={next}>Continue to the dashboard</Link>
        </p>
      </section>
    );
  }
  if (await getSignedInViewer()) redirect(next);

  return (
    <section className={`panel ${styles.card}`} aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">Sign in</h1>
      <p className="muted">Support Trends shows customer and team data; sign in to continue.</p>
      <SignInForm next={next} ssoName={config.oidc?.name ?? null} initialError={ssoProblem(first(params.error))} />
      <ul className={styles.roles} aria-label="What each role sees">
        {ROLES.map((role) => (
          <li key={role}>
            <strong>{role}</strong>: {role === 'viewer' ? '' : '+ '}
            {ROLE_CAPABILITIES[role]}
          </li>
        ))}
      </ul>
    </section>
  );
}
