/**
 * Bookkeeping shared by matching and curation: combining two topics' descriptions and
 * recounting sizes and customers after tickets moved.
 */
import type { TopicKeyword, TopicSummary } from './model';

const REPRESENTATIVES = 3;

/** Representatives that left the topic are replaced by its first tickets, up to three. */
function topUp(kept: string[], fallback: readonly string[]): string[] {
  const out = [...kept];
  for (const ticket of fallback) if (out.length < REPRESENTATIVES && !out.includes(ticket)) out.push(ticket);
  return out;
}

/**
 * One summary for two topics that became one: the larger one's label (a locked label wins),
 * keywords re-ranked by size-weighted weight, representatives from the larger first.
 * Customers are summed (an upper bound) until `recountTopics` sees the tickets.
 */
export function combineSummaries(a: TopicSummary, b: TopicSummary): TopicSummary {
  const [major, minor] = a.size >= b.size ? [a, b] : [b, a];
  const weights = new Map<string, TopicKeyword>();
  const total = Math.max(1, a.size + b.size);
  for (const t of [major, minor]) {
    for (const k of t.keywords) {
      const w = (k.weight * t.size) / total;
      const current = weights.get(k.term);
      weights.set(k.term, current ? { ...current, weight: current.weight + w } : { ...k, weight: w });
    }
  }
  const keywords = [...weights.values()]
    .sort((x, y) => y.weight - x.weight || (x.term < y.term ? -1 : 1))
    .slice(0, Math.max(a.keywords.length, b.keywords.length))
    .map((k) => ({ ...k, weight: Math.round(k.weight * 1e5) / 1e5 }));
  const locked = a.labelLocked ? a : b.labelLocked ? b : null;
  return {
    id: a.id,
    label: locked ? locked.label : major.label,
    labelLocked: locked !== null,
    keywords,
    size: a.size + b.size,
    customers: a.customers + b.customers,
    representatives: [...new Set([...major.representatives, ...minor.representatives])].slice(0, 3),
  };
}

/**
 * Sizes and distinct customers recounted from per-ticket topic ids, dropping representatives
 * that left the topic. Topics left without tickets are kept only when `keepEmpty` (a topic
 * created by a keyword split keeps existing for the tickets its rule will catch).
 */
export function recountTopics(
  topics: readonly TopicSummary[],
  ticketIds: readonly string[],
  topicIds: readonly (string | null)[],
  customers?: readonly (string | null | undefined)[],
  keepEmpty: (topic: TopicSummary) => boolean = () => false,
): TopicSummary[] {
  const sizes = new Map<string, number>();
  const people = new Map<string, Set<string>>();
  const topicOfTicket = new Map<string, string>();
  const firstTickets = new Map<string, string[]>();
  topicIds.forEach((id, i) => {
    if (id === null) return;
    sizes.set(id, (sizes.get(id) ?? 0) + 1);
    topicOfTicket.set(ticketIds[i], id);
    let first = firstTickets.get(id);
    if (!first) firstTickets.set(id, (first = []));
    if (first.length < REPRESENTATIVES) first.push(ticketIds[i]);
    const customer = customers?.[i];
    if (customer) {
      let set = people.get(id);
      if (!set) people.set(id, (set = new Set()));
      set.add(customer);
    }
  });
  return topics
    .map((t) => ({
      ...t,
      size: sizes.get(t.id) ?? 0,
      customers: customers ? (people.get(t.id)?.size ?? 0) : t.customers,
      representatives: topUp(
        t.representatives.filter((ticket) => topicOfTicket.get(ticket) === t.id),
        firstTickets.get(t.id) ?? [],
      ),
    }))
    .filter((t) => t.size > 0 || keepEmpty(t))
    .sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1));
}
