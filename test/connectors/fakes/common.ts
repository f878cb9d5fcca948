/** Pieces the vendor fakes share: JSON records, the Authorization check, opaque cursors, RFC 8288 Link headers. */
import type { FakeRequest, FakeResponse } from '../fake-server';

export type Json = Record<string, unknown>;

export function authorized(request: FakeRequest, expected: string | null): boolean {
  return expected === null || request.headers.authorization === expected;
}

/** An opaque cursor/token for an offset (base64, as vendors' tokens look), tied to a query when given. */
export function encodeCursor(index: number, query = ''): string {
  return Buffer.from(`${query}|${index}`).toString('base64');
}

/** The offset of a cursor, or null when it is not one of ours or belongs to another query. */
export function decodeCursor(cursor: string, query = ''): number | null {
  const text = Buffer.from(cursor, 'base64').toString();
  const bar = text.lastIndexOf('|');
  if (bar < 0 || text.slice(0, bar) !== query) return null;
  const index = Number(text.slice(bar + 1));
  return Number.isInteger(index) && index >= 0 ? index : null;
}

/** `Link: <…page=N+1>; rel="next", <…page=last>; rel="last"` for page-numbered lists (GitHub, Freshdesk). */
export function linkHeader(origin: string, request: FakeRequest, page: number, more: boolean, lastPage?: number): Record<string, string> {
  if (!more) return {};
  const url = (p: number) => {
    const q = new URLSearchParams(request.query);
    q.set('page', String(p));
    return `${origin}${request.path}?${q}`;
  };
  const last = lastPage === undefined ? '' : `, <${url(lastPage)}>; rel="last"`;
  return { link: `<${url(page + 1)}>; rel="next"${last}` };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse => ({ status, body, headers });

/** ISO timestamp in whole seconds, the way GitHub, Zendesk and Freshdesk write them. */
export const isoSeconds = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
