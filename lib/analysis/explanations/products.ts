/**
 * Product scoping: a release is compared only with its own product's tickets, so a burst in
 * product B never counts for a release of product A (issue 14: on a four-product Launchpad
 * export, one product's release was blamed for another's burst).
 *
 * Names are matched loosely — case, spaces and punctuation ignored — because the same product
 * is written "Titanium SDK" as a Jira component and "titanium-sdk" in a release calendar.
 */
import type { ExplainRelease, ExplainTicket } from './types';

/** "Titanium SDK", "titanium-sdk", "titanium_sdk" → "titaniumsdk". */
export function productKey(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * The products a ticket belongs to: its own product (a CSV `product` column, the Jira project,
 * the GitHub repository, the Zendesk brand) and the Jira components it carries as
 * `component:<name>` tags. A component named like a product ("Titanium SDK" in the Alloy
 * project) scopes the ticket to that product's releases as well; other components match no
 * release and change nothing.
 */
export function ticketProducts(product: string | null, tags: readonly string[] = []): string[] {
  const products: string[] = [];
  if (product !== null && product.trim() !== '') products.push(product.trim());
  for (const tag of tags) {
    if (!tag.startsWith('component:')) continue;
    const name = tag.slice('component:'.length).trim();
    if (name !== '' && !products.includes(name)) products.push(name);
  }
  return products;
}

/** True when any ticket says which product it is about: then releases with a product are scoped. */
export function ticketsCarryProducts(tickets: readonly ExplainTicket[]): boolean {
  return tickets.some((t) => t.products !== undefined && t.products.length > 0);
}

/** Whether a ticket is in a release's scope (a release without a product sees every ticket). */
export function inReleaseScope(ticket: ExplainTicket, release: Pick<ExplainRelease, 'product'>, scoping: boolean): boolean {
  if (!scoping || release.product === null) return true;
  const key = productKey(release.product);
  return ticket.products?.some((p) => productKey(p) === key) ?? false;
}

/** Releases grouped by product key (null = no product), in input order within each group. */
export function releasesByProduct(releases: readonly ExplainRelease[]): Map<string | null, ExplainRelease[]> {
  const groups = new Map<string | null, ExplainRelease[]>();
  for (const release of releases) {
    const key = release.product === null ? null : productKey(release.product);
    const group = groups.get(key);
    if (group) group.push(release);
    else groups.set(key, [release]);
  }
  return groups;
}
