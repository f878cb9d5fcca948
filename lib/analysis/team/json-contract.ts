/**
 * The team-load report between TypeScript (camelCase keys) and its JSON contract (snake_case keys:
 * the stored snapshot, `report --json`, /api/team, the team export; described by ./schema.ts).
 *
 * The conversion is by key name, so a field added to the types reaches the JSON without a second
 * list to update, and the key order (which the stored jsonb fixes) is kept. Called only at the
 * edges: where the snapshot is stored and read, and where a report, API answer or export row is
 * written.
 */
import type { TeamLoadReport } from './types';

/** Keys the JSON contract has spelt in camelCase since its first version; kept for its readers. */
const CAMEL_IN_JSON = new Set(['asOf', 'windowDays', 'brokenDown']);

/** A value of the JSON contract: plain objects, arrays and scalars with snake_case keys. */
export type TeamLoadJson = Record<string, unknown>;

const toSnake = (key: string) => (CAMEL_IN_JSON.has(key) ? key : key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
const toCamel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function renameKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => renameKeys(v, rename));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [rename(k), renameKeys(v, rename)]));
}

/**
 * A team-load report, a view of it (lib/queries/team.ts) or one of its rows, as the JSON contract
 * spells it. Every key is a field name: no object in the report is keyed by data (a name, an id).
 */
export function teamLoadToJson(value: object): TeamLoadJson {
  return renameKeys(value, toSnake) as TeamLoadJson;
}

/** A stored or printed team-load report back in TypeScript's spelling. */
export function teamLoadFromJson(json: unknown): TeamLoadReport {
  return renameKeys(json, toCamel) as TeamLoadReport;
}
