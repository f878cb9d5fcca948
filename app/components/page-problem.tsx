import Link from 'next/link';
import { asStatementTimeout } from '@/lib/database';
import { AppError } from '@/db/errors';
import { ROLE_CAPABILITIES } from '@/lib/auth/viewer';

const TITLES: Record<AppError['code'], string> = {
  Unauthenticated: 'Sign in first',
  Forbidden: 'You do not have access to this page',
  NotFound: 'Not found',
  InvalidInput: 'This address has a problem',
  Conflict: 'The data is busy',
  Unavailable: 'The database cannot be reached',
  TooLarge: 'Too large',
  Timeout: 'This took too long',
};

/**
 * A problem a person can act on (no access, database busy or unreachable), said in the page
 * itself: production builds hide server error messages from error.tsx, so these are rendered
 * here instead of thrown.
 */
export function PageProblem({ error, title }: { error: AppError; title?: string }) {
  return (
    <section className="panel problem" role="alert" aria-labelledby="problem-heading">
      <h1 id="problem-heading">{title ?? TITLES[error.code]}</h1>
      <p>{error.message}</p>
      {error.hint && <p className="hint">{error.hint}</p>}
      {error.code === 'Forbidden' && (
        <p className="note">
          Roles: viewer sees {ROLE_CAPABILITIES.viewer}; lead adds {ROLE_CAPABILITIES.lead}; manager adds{' '}
          {ROLE_CAPABILITIES.manager}; admin adds {ROLE_CAPABILITIES.admin}.
        </p>
      )}
      <p>
        <Link href="/">Back to the overview</Link>
      </p>
    </section>
  );
}

/** Runs a page body, rendering AppErrors (access, database) as a PageProblem; other errors go to error.tsx. */
export async function renderPage(body: () => Promise<React.ReactNode>): Promise<React.ReactNode> {
  try {
    return await body();
  } catch (thrown) {
    const error = asStatementTimeout(thrown) ?? thrown;
    if (error instanceof AppError) return <PageProblem error={error} />;
    throw error;
  }
}
