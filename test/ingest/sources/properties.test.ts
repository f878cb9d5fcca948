/**
 * Property tests for every parser: whatever bytes arrive — valid fixtures cut into random
 * chunks, fixtures with flipped/inserted/deleted bytes, cut anywhere, JSON with fields of the
 * wrong type, or random noise — a parser either yields well-formed items or throws an AppError
 * naming the file. Nothing else may escape.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/db/errors';
import { AUTHOR_ROLES, type FileKind } from '@/ingest/sources/types';
import { cutAt, fixture, parseAll, type Parsed } from './parse-helpers';

const CASES: [FileKind, string[]][] = [
  ['csv-tickets', ['tickets-generic.csv', 'tickets-semicolon-crlf.csv', 'tickets-truncated.csv']],
  ['csv-events', ['events.csv']],
  ['jira-csv', ['jira-cloud-export.csv', 'jira-server-minimal.csv']],
  ['freshdesk-csv', ['freshdesk-export.csv']],
  ['zendesk-json', ['zendesk-incremental.json', 'zendesk-pages.json', 'zendesk-ticket-events.json']],
  ['freshdesk-json', ['freshdesk-tickets.json']],
  ['github-json', ['github-issues-rest.json', 'github-issues-gh.json']],
  ['releases-csv', ['releases.csv']],
  ['releases-json', ['releases.json']],
  ['jira-versions-json', ['jira-versions.json']],
  ['github-releases-json', ['github-releases.json']],
  ['git-tags', ['git-tags.txt', 'git-tags-hash.txt']],
];

const RUNS = 60;

const isValidDate = (d: Date | null) => d === null || (d instanceof Date && Number.isFinite(d.getTime()));

function expectWellFormed(result: Parsed, lineCount: number): void {
  for (const r of result.rejected) {
    expect(Number.isInteger(r.line) && r.line >= 1 && r.line <= lineCount).toBe(true);
    expect(typeof r.reason === 'string' && r.reason.length > 0).toBe(true);
    expect(r.field === null || typeof r.field === 'string').toBe(true);
    expect(typeof r.raw).toBe('string');
    expect(r.raw.length).toBeLessThanOrEqual(301);
  }
  for (const t of result.tickets) {
    expect(t.externalId.length).toBeGreaterThan(0);
    expect(t.line >= 1 && t.line <= lineCount).toBe(true);
    expect(t.subject.length).toBeGreaterThan(0);
    for (const d of [t.createdAt, t.updatedAt, t.resolvedAt, t.firstResponseAt]) expect(isValidDate(d)).toBe(true);
    expect(t.createdAt).not.toBeNull();
    expect(t.tags.every((tag) => typeof tag === 'string' && tag.length > 0)).toBe(true);
    expect(t.description.includes('\u0000') || t.subject.includes('\u0000')).toBe(false);
  }
  for (const e of result.events) {
    expect(e.ticketExternalId.length).toBeGreaterThan(0);
    expect(e.externalId.length).toBeGreaterThan(0);
    expect(isValidDate(e.createdAt)).toBe(true);
    expect(AUTHOR_ROLES).toContain(e.authorRole);
    expect(e.line).toBeGreaterThanOrEqual(1);
  }
  for (const r of result.releases) {
    expect(r.version.length).toBeGreaterThan(0);
    expect(isValidDate(r.releasedAt)).toBe(true);
  }
}

/** Parses and checks the contract: well-formed items, or an AppError that names the file. */
async function checkContract(kind: FileKind, bytes: Buffer, cuts: number[], fileName: string, encoding?: 'latin1'): Promise<void> {
  let result: Parsed;
  // Line breaks as editors count them: CRLF, LF or a lone CR.
  let lineCount = 1;
  bytes.forEach((b, i) => {
    if (b === 10 || (b === 13 && bytes[i + 1] !== 10)) lineCount++;
  });
  try {
    result = await parseAll(kind, cutAt(bytes, cuts), { fileName, timeZone: 'America/New_York', encoding });
  } catch (error) {
    if (!(error instanceof AppError)) throw error; // a TypeError or RangeError is a bug
    expect(error.code).toBe('InvalidInput');
    expect(error.message).toContain(fileName);
    return;
  }
  expectWellFormed(result, lineCount);
}

type Mutation =
  | { op: 'flip'; at: number; mask: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; length: number }
  | { op: 'cut'; at: number };

const SPECIAL = ['"', ',', ';', '\n', '\r\n', '{', '}', '[', ']', ':', '\\', '""', 'é', '\ufeff', '\u0000', 'null', '0', '-1', 'tag: ', '/Feb/'];

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 6 }) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.constantFrom(...SPECIAL).map((s) => new Uint8Array(Buffer.from(s))),
  }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
);

function mutate(bytes: Buffer, mutations: Mutation[]): Buffer {
  let b = Buffer.from(bytes);
  for (const m of mutations) {
    const at = b.length === 0 ? 0 : m.at % (b.length + 1);
    if (m.op === 'flip' && at < b.length) b[at] ^= m.mask;
    else if (m.op === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from(m.bytes), b.subarray(at)]);
    else if (m.op === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.length)]);
    else if (m.op === 'cut') b = b.subarray(0, at);
  }
  return b;
}

/** Replaces random nodes of a JSON document with random JSON values (type confusion). */
function replaceNodes(doc: unknown, replacements: [number, unknown][]): unknown {
  let copy = structuredClone(doc);
  for (const [pick, value] of replacements) {
    const slots: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach((child, i) => (slots.push({ parent: node, key: i }), walk(child)));
      else if (node !== null && typeof node === 'object') {
        for (const [k, child] of Object.entries(node)) {
          slots.push({ parent: node as Record<string, unknown>, key: k });
          walk(child);
        }
      }
    };
    walk(copy);
    if (slots.length === 0) {
      copy = structuredClone(value);
      continue;
    }
    const slot = slots[pick % slots.length];
    (slot.parent as Record<string | number, unknown>)[slot.key] = structuredClone(value); // a copy: no cycles
  }
  return copy;
}

describe.each(CASES)('%s parser properties', (kind, names) => {
  const fileName = `prop-${kind}.dat`;
  const nameArb = fc.constantFrom(...names);

  it('gives the same result however the input is chunked', async () => {
    const wholes = new Map<string, Parsed>();
    for (const name of names) wholes.set(name, await parseAll(kind, cutAt(fixture(name), []), { fileName, timeZone: 'America/New_York' }));
    await fc.assert(
      fc.asyncProperty(nameArb, fc.array(fc.nat(), { maxLength: 12 }), async (name, cuts) => {
        const parts = await parseAll(kind, cutAt(fixture(name), cuts), { fileName, timeZone: 'America/New_York' });
        expect(parts).toEqual(wholes.get(name));
      }),
      { numRuns: RUNS },
    );
  });

  it('survives flipped, inserted and deleted bytes and cuts anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(
        nameArb,
        fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.boolean(),
        async (name, mutations, cuts, latin1) => {
          const bytes = mutate(fixture(name), mutations);
          await checkContract(kind, bytes, cuts, fileName, latin1 ? 'latin1' : undefined);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('survives random bytes and random text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
          fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
          fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
        ),
        async (bytes) => {
          await checkContract(kind, bytes, [], fileName);
        },
      ),
      { numRuns: RUNS },
    );
  });

  // Fixtures that are one JSON document (github-issues-rest.json is two pages back to back).
  const jsonNames = names.filter((n) => {
    try {
      JSON.parse(fixture(n).toString('utf8'));
      return true;
    } catch {
      return false;
    }
  });
  if (jsonNames.length > 0) {
    it('survives JSON fields of the wrong type', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...jsonNames),
          fc.array(fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 })), { minLength: 1, maxLength: 4 }),
          async (name, replacements) => {
            const doc = JSON.parse(fixture(name).toString('utf8'));
            const bytes = Buffer.from(JSON.stringify(replaceNodes(doc, replacements)) ?? 'null');
            await checkContract(kind, bytes, [], fileName);
          },
        ),
        { numRuns: RUNS * 2 },
      );
    });
  }
});
