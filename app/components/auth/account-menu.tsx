import { getSignedInViewer } from '@/lib/auth/viewer';
import styles from './account-menu.module.css';
import { SessionKeepAlive, SignOutButton } from './sign-out-button';

/**
 * "Signed in as … (role) · Sign out", for the site header. Renders nothing without a session
 * (the sign-in page) and names the local operator when sign-in is not configured.
 */
export async function AccountMenu() {
  const viewer = await getSignedInViewer();
  if (!viewer) return null;
  if (!viewer.authenticated) {
    return (
      <div className={styles.menu} role="group" aria-label="Account">
        <span>local operator</span> <span className={styles.role}>{viewer.role}</span>
      </div>
    );
  }
  return (
    <div className={styles.menu} role="group" aria-label="Account">
      <span title={`Signed in as ${viewer.email}`}>
        <span className="visually-hidden">Signed in as </span>
        <strong>{viewer.name}</strong>
      </span>
      <span className={styles.role}>{viewer.role}</span>
      <SignOutButton className={styles.signOut} />
      <SessionKeepAlive />
    </div>
  );
}
