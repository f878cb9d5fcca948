/**
 * The Topics table's typed search (issue 15): a topic matches when every word typed appears in
 * its label, id, keywords or its theme's name — so "password" finds the password topics whose
 * labels say "reset link" or "login locked" too. Pure: the client table and the tests share it.
 */

export interface TopicSearchFields {
  id: string;
  label: string;
  keywords: readonly string[];
  themeLabel: string | null;
}

/** Lower-cased words of the query; quotes and commas separate words like spaces. */
export function searchWords(query: string): string[] {
  return query
    .toLowerCase()
    .split(/[\s,;"“”]+/)
    .filter((w) => w.length > 0);
}

/** True when each word of `query` occurs in one of the fields (an empty query matches all). */
export function topicMatchesSearch(topic: TopicSearchFields, query: string): boolean {
  const words = searchWords(query);
  if (words.length === 0) return true;
  const haystack = [topic.id, topic.label, topic.themeLabel ?? '', ...topic.keywords].join('\n').toLowerCase();
  return words.every((w) => haystack.includes(w));
}

export interface ThemeSearchFields {
  id: string;
  label: string;
  keywords: readonly string[];
  /** Labels and keywords of the member topics. */
  topics: readonly { label: string; keywords?: readonly string[] }[];
}

/** A theme matches when each word occurs in its name, id, keywords or one of its topics' labels and keywords. */
export function themeMatchesSearch(theme: ThemeSearchFields, query: string): boolean {
  const words = searchWords(query);
  if (words.length === 0) return true;
  const haystack = [theme.id, theme.label, ...theme.keywords, ...theme.topics.flatMap((t) => [t.label, ...(t.keywords ?? [])])].join('\n').toLowerCase();
  return words.every((w) => haystack.includes(w));
}
