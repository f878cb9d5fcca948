import { describe, expect, it } from 'vitest';
import { searchWords, themeMatchesSearch, topicMatchesSearch, type TopicSearchFields } from '@/lib/topic-search';

// Five password topics as the issue found them: only two say "password" in their label.
const topics: TopicSearchFields[] = [
  { id: 't1', label: 'password reset, email', keywords: ['password', 'reset', 'email'], themeLabel: 'Password and login' },
  { id: 't2', label: 'reset link expired', keywords: ['reset link', 'expired', 'password'], themeLabel: 'Password and login' },
  { id: 't3', label: 'locked out, account', keywords: ['locked', 'account', 'attempts'], themeLabel: 'Password and login' },
  { id: 't4', label: 'new password rejected', keywords: ['rejected', 'complexity'], themeLabel: 'Password and login' },
  { id: 't5', label: 'sso, okta', keywords: ['okta', 'saml', 'sso'], themeLabel: 'Password and login' },
  { id: 't6', label: 'blank pdf invoice', keywords: ['pdf', 'invoice', 'blank'], themeLabel: 'Billing documents' },
  { id: 't7', label: 'requests per, limit', keywords: ['429', 'rate limit'], themeLabel: null },
];
const ids = (query: string) => topics.filter((t) => topicMatchesSearch(t, query)).map((t) => t.id);

describe('topic search', () => {
  it('matches keywords and the theme name, not only the label', () => {
    expect(topics.filter((t) => t.label.includes('password')).map((t) => t.id)).toEqual(['t1', 't4']);
    expect(ids('password')).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(ids('saml')).toEqual(['t5']);
    expect(ids('billing')).toEqual(['t6']);
    expect(ids('429')).toEqual(['t7']);
  });

  it('needs every typed word, in any field, ignoring case and commas', () => {
    expect(ids('Password locked')).toEqual(['t3']);
    expect(ids('invoice, PDF')).toEqual(['t6']);
    expect(ids('password pdf')).toEqual([]);
  });

  it('matches all topics on an empty query and finds ids', () => {
    expect(ids('  ')).toHaveLength(topics.length);
    expect(ids('t7')).toEqual(['t7']);
    expect(searchWords(' “rate limit”, 429 ')).toEqual(['rate', 'limit', '429']);
  });

  it('a theme matches its name, keywords and its topics’ labels and keywords', () => {
    const theme = { id: 'th2', label: 'Login trouble', keywords: ['login'], topics: [{ label: 'sso, okta', keywords: ['saml'] }, { label: 'locked out, account' }] };
    expect(themeMatchesSearch(theme, 'login')).toBe(true);
    expect(themeMatchesSearch(theme, 'okta')).toBe(true);
    expect(themeMatchesSearch(theme, 'saml locked')).toBe(true);
    expect(themeMatchesSearch(theme, 'invoice')).toBe(false);
  });
});
