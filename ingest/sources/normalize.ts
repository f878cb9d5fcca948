/**
 * Vendor vocabularies mapped onto the few values the analysis understands: status category,
 * priority, channel, author role, yes/no flags and tag lists. Lookups are cached per distinct
 * raw value because the same dozen strings repeat on every row of an export.
 */
import type { AuthorRole, Priority, StatusCategory } from './types';

const STATUS_WORDS: Record<StatusCategory, string[]> = {
  new: ['new', 'untriaged', 'needs triage', 'unassigned', 'unconfirmed'],
  open: [
    'open', 'opened', 'reopened', 'in progress', 'patch available', 'in review', 'review', 'to do', 'todo',
    'backlog', 'selected for development', 'active', 'assigned', 'accepted', 'confirmed', 'triaged',
    'investigating', 'working', 'escalated',
  ],
  pending: [
    'pending', 'hold', 'on hold', 'on-hold', 'waiting', 'waiting on customer', 'waiting for customer',
    'waiting on third party', 'waiting for support', 'awaiting customer', 'needs info', 'need info', 'more info',
  ],
  solved: ['solved', 'resolved', 'done', 'fixed', 'completed', 'complete'],
  closed: [
    'closed', 'cancelled', 'canceled', "won't fix", 'wont fix', 'wontfix', 'rejected', 'invalid', 'duplicate',
    'archived', 'not planned', 'not_planned', 'deleted',
  ],
};

const STATUS_TABLE = new Map<string, StatusCategory>();
for (const [category, words] of Object.entries(STATUS_WORDS) as [StatusCategory, string[]][]) {
  for (const w of words) STATUS_TABLE.set(w, category);
}

/** Custom statuses ("Waiting for Engineering", "Closed - no response") fall back to their key word. */
function guessStatus(s: string): StatusCategory | null {
  if (s.includes('close') || s.includes('cancel')) return 'closed';
  if (s.includes('resolv') || s.includes('solved') || s.includes('done') || s.includes('fixed')) return 'solved';
  if (s.includes('pend') || s.includes('wait') || s.includes('hold') || s.includes('await')) return 'pending';
  if (s.includes('progress') || s.includes('open') || s.includes('review') || s.includes('assign')) return 'open';
  if (s === 'new' || s.startsWith('new ')) return 'new';
  return null;
}

const CACHE_LIMIT = 5000;

function cached<T>(cache: Map<string, T>, raw: string, compute: (key: string) => T): T {
  let v = cache.get(raw);
  if (v === undefined && !cache.has(raw)) {
    v = compute(raw.trim().toLowerCase());
    if (cache.size < CACHE_LIMIT) cache.set(raw, v);
  }
  return v as T;
}

const statusCache = new Map<string, StatusCategory | null>();

/** The status category of a status as any helpdesk writes it; null when it cannot be told. */
export function statusCategoryOf(raw: string | null): StatusCategory | null {
  if (raw === null || raw === '') return null;
  return cached(statusCache, raw, (s) => STATUS_TABLE.get(s) ?? guessStatus(s));
}

const PRIORITY_WORDS: Record<Priority, string[]> = {
  // Jira: Blocker/Critical → urgent, Major → high, Minor → normal, Trivial → low (the brief's mapping);
  // P0–P1 → urgent, P2 → high, P3 → normal, P4–P5 → low (the common incident scale).
  urgent: ['urgent', 'blocker', 'critical', 'highest', 'emergency', 'p0', 'p1', 'sev1', 'sev 1'],
  high: ['high', 'major', 'important', 'p2', 'sev2', 'sev 2'],
  normal: ['normal', 'medium', 'minor', 'moderate', 'default', 'p3', 'sev3', 'sev 3'],
  low: ['low', 'lowest', 'trivial', 'minimal', 'p4', 'p5', 'sev4', 'sev 4'],
};
const PRIORITY_TABLE = new Map<string, Priority>();
for (const [priority, words] of Object.entries(PRIORITY_WORDS) as [Priority, string[]][]) {
  for (const w of words) PRIORITY_TABLE.set(w, priority);
}
const priorityCache = new Map<string, Priority | null>();

/**
 * Priority on Zendesk's four levels. Bare numbers return null: "1" is the lowest level in
 * Freshdesk but the highest in most incident scales, so only the Freshdesk parser maps them.
 */
export function priorityOf(raw: string | null): Priority | null {
  if (raw === null || raw === '') return null;
  return cached(priorityCache, raw, (s) => PRIORITY_TABLE.get(s) ?? PRIORITY_TABLE.get(s.replace(/^priority[:/ -]*/, '')) ?? null);
}

const CHANNEL_TABLE = new Map<string, string>([
  ['email', 'email'], ['e-mail', 'email'], ['mail', 'email'], ['outbound email', 'email'],
  ['web', 'web'], ['web form', 'web'], ['web_form', 'web'], ['webform', 'web'], ['portal', 'web'],
  ['web_widget', 'web'], ['widget', 'web'], ['help center', 'web'], ['helpcenter', 'web'], ['feedback widget', 'web'],
  ['chat', 'chat'], ['live chat', 'chat'], ['messaging', 'chat'], ['native_messaging', 'chat'], ['sms', 'chat'],
  ['phone', 'phone'], ['voice', 'phone'], ['call', 'phone'], ['telephone', 'phone'],
  ['api', 'api'], ['twitter', 'social'], ['facebook', 'social'], ['social', 'social'],
  ['mobile', 'mobile'], ['mobile_sdk', 'mobile'], ['github', 'github'],
]);
const channelCache = new Map<string, string | null>();

/** email, web, chat, phone, api, social, mobile, github; other values are kept, lower-cased. */
export function channelOf(raw: string | null): string | null {
  if (raw === null || raw === '') return null;
  return cached(channelCache, raw, (s) => (s === '' ? null : (CHANNEL_TABLE.get(s) ?? s.replace(/\s+/g, '-'))));
}

const ROLE_TABLE = new Map<string, AuthorRole>([
  ['agent', 'agent'], ['staff', 'agent'], ['support', 'agent'], ['admin', 'agent'], ['employee', 'agent'],
  ['operator', 'agent'], ['assignee', 'agent'], ['member', 'agent'], ['owner', 'agent'], ['collaborator', 'agent'],
  ['customer', 'customer'], ['requester', 'customer'], ['end-user', 'customer'], ['end user', 'customer'],
  ['enduser', 'customer'], ['end_user', 'customer'], ['user', 'customer'], ['client', 'customer'],
  ['reporter', 'customer'], ['contact', 'customer'],
  ['system', 'system'], ['bot', 'system'], ['automation', 'system'], ['trigger', 'system'], ['integration', 'system'],
]);

/** Accepted spellings, for messages. */
export const ROLE_WORDS = [...ROLE_TABLE.keys()];

/** The author role of a comment; null when the value is not a known role word. */
export function authorRoleOf(raw: string): AuthorRole | null {
  return ROLE_TABLE.get(raw.trim().toLowerCase()) ?? null;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', 'x', 't', 'on', '✓', '✔']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'f', 'off', '', '-']);
const COUNT = /^\d+$/;

/**
 * Reads a yes/no column; a count ("reopens": 2) means yes when above zero. Null when the value
 * is neither, so the caller can reject the row instead of guessing.
 */
export function flagOf(raw: string): boolean | null {
  const s = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(s)) return true;
  if (FALSE_WORDS.has(s)) return false;
  if (COUNT.test(s)) return Number(s) > 0;
  return null;
}

const TAG_SEPARATORS = /[,;|\s]+/;

/** Splits a tags cell on `,` `;` `|` or whitespace and drops duplicates (a set: a cell may hold thousands). */
export function splitTags(raw: string, into: string[] = []): string[] {
  if (raw === '') return into;
  const seen = new Set(into);
  for (const tag of raw.split(TAG_SEPARATORS)) {
    if (tag !== '' && !seen.has(tag)) {
      seen.add(tag);
      into.push(tag);
    }
  }
  return into;
}

const ESCALATION_TAG = /escalat/i;

/** Sources without an escalation field mark it with a tag ("escalated", "escalation_l2"…). */
export function hasEscalationTag(tags: readonly string[]): boolean {
  for (const t of tags) if (ESCALATION_TAG.test(t)) return true;
  return false;
}

/** "Bug" → "bug", "New Feature" → "feature", "Feature Request" → "feature". */
export function ticketTypeOf(raw: string | null): string | null {
  if (raw === null) return null;
  const s = raw.trim().toLowerCase();
  if (s === '') return null;
  if (s === 'new feature' || s === 'feature request' || s === 'enhancement') return 'feature';
  return s;
}
