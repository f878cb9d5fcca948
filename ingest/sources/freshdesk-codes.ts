/**
 * Freshdesk's numeric codes (API v2), shared by the JSON and CSV parsers.
 * https://developers.freshdesk.com/api/#tickets
 */
import type { Priority, StatusCategory } from './types';

/** 2 Open, 3 Pending, 4 Resolved, 5 Closed; 6+ are account-defined statuses. */
export const FRESHDESK_STATUS: Record<number, { label: string; category: StatusCategory }> = {
  2: { label: 'Open', category: 'open' },
  3: { label: 'Pending', category: 'pending' },
  4: { label: 'Resolved', category: 'solved' },
  5: { label: 'Closed', category: 'closed' },
};

/** 1 Low, 2 Medium, 3 High, 4 Urgent. */
export const FRESHDESK_PRIORITY: Record<number, Priority> = { 1: 'low', 2: 'normal', 3: 'high', 4: 'urgent' };

/** 1 Email, 2 Portal, 3 Phone, 7 Chat, 9 Feedback widget, 10 Outbound email (4–6, 8: older forum/social/mobile). */
export const FRESHDESK_SOURCE: Record<number, string> = {
  1: 'email', 2: 'web', 3: 'phone', 4: 'forum', 5: 'social', 6: 'social', 7: 'chat', 8: 'mobile', 9: 'web', 10: 'email',
};

/** Freshdesk tags may contain spaces ("billing issue"): only commas separate them. */
export function splitFreshdeskTags(raw: string, into: string[] = []): string[] {
  const seen = new Set(into);
  for (const part of raw.split(',')) {
    const tag = part.trim();
    if (tag !== '' && !seen.has(tag)) {
      seen.add(tag);
      into.push(tag);
    }
  }
  return into;
}
