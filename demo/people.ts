/**
 * The customers: organizations of very different sizes (a few big accounts write most of the
 * tickets) and the people who write in for them.
 */
import { CUSTOMER_ZONES } from '@/demo/arrivals';
import { FIRST_NAMES, LAST_NAMES, ORG_INDUSTRIES, ORG_PREFIXES, ORG_SUFFIXES } from '@/demo/names';
import { Rng, WeightedTable } from '@/demo/prng';

export const PLANS = ['Starter', 'Team', 'Business', 'Enterprise'] as const;
export type Plan = (typeof PLANS)[number];

export interface Organization {
  name: string;
  domain: string;
  /** Index into CUSTOMER_ZONES. */
  zone: number;
  /** Relative ticket volume (Pareto-distributed). */
  weight: number;
  plan: Plan;
  vip: boolean;
  /** Requesters of this org are requesters[firstRequester … firstRequester + requesterCount - 1]. */
  firstRequester: number;
  requesterCount: number;
  requesterTable: WeightedTable;
  /** Days this org usually waits before adopting a release (see ./releases.ts). */
  adoptionLagDays: number;
}

export interface Requester {
  first: string;
  name: string;
  email: string;
  org: number;
}

export interface Population {
  orgs: Organization[];
  requesters: Requester[];
  /** Per customer zone: its organizations and a table drawing one by weight. */
  byZone: { orgs: number[]; table: WeightedTable }[];
  /** Total org weight per zone (drives the arrival mixture). */
  zoneWeights: Float64Array;
}

/** About 3,000 requesters for a year of ~36k tickets, growing sub-linearly with volume. */
export function requesterCountFor(tickets: number): number {
  return Math.max(300, Math.round(3000 * Math.pow(tickets / 36_000, 0.75)));
}

export const ORGANIZATION_COUNT = 300;

export function buildPopulation(rng: Rng, orgCount: number, requesterCount: number): Population {
  const orgs = buildOrganizations(rng, orgCount);
  const requesters: Requester[] = [];
  const usedEmails = new Set<string>();

  // Requesters per org ∝ weight^0.7 (big accounts have more users, but not proportionally more).
  const shares = orgs.map((o) => Math.pow(o.weight, 0.7));
  const shareSum = shares.reduce((a, b) => a + b, 0);
  const extra = Math.max(0, requesterCount - orgs.length);
  orgs.forEach((org, i) => {
    const count = 1 + Math.floor((extra * shares[i]) / shareSum);
    org.firstRequester = requesters.length;
    org.requesterCount = count;
    const activity = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      activity[k] = 1 / Math.pow(k + 1, 0.8); // a few champions write most of an org's tickets
      requesters.push(makeRequester(rng, i, org.domain, usedEmails));
    }
    org.requesterTable = new WeightedTable(activity);
  });

  const byZone = CUSTOMER_ZONES.map(() => ({ orgs: [] as number[], weights: [] as number[] }));
  orgs.forEach((org, i) => {
    byZone[org.zone].orgs.push(i);
    byZone[org.zone].weights.push(org.weight);
  });
  const zoneWeights = new Float64Array(CUSTOMER_ZONES.length);
  byZone.forEach((z, i) => (zoneWeights[i] = z.weights.reduce((a, b) => a + b, 0)));
  return {
    orgs,
    requesters,
    byZone: byZone.map((z) => ({ orgs: z.orgs, table: new WeightedTable(z.weights) })),
    zoneWeights,
  };
}

function buildOrganizations(rng: Rng, count: number): Organization[] {
  const zoneTable = new WeightedTable(CUSTOMER_ZONES.map((z) => z.share));
  const usedNames = new Set<string>();
  const orgs: Organization[] = [];
  while (orgs.length < count) {
    const stem = rng.pick(ORG_PREFIXES) + rng.pick(ORG_SUFFIXES);
    const industry = rng.pick(ORG_INDUSTRIES);
    const name = `${stem} ${industry}`;
    if (usedNames.has(name)) continue;
    usedNames.add(name);
    // Pareto(α = 1.3) sizes, capped so one account cannot dominate the whole desk.
    const weight = Math.min(50, Math.pow(1 - rng.next(), -1 / 1.3));
    const size = Math.log(weight); // 0 … 3.9
    const plan: Plan =
      size > 2 ? (rng.chance(0.8) ? 'Enterprise' : 'Business') : size > 1 ? rng.pick(['Team', 'Business', 'Business', 'Enterprise']) : rng.pick(['Starter', 'Team', 'Team']);
    orgs.push({
      name,
      domain: `${stem.toLowerCase()}-${industry.toLowerCase()}.example`,
      zone: zoneTable.draw(rng),
      weight,
      plan,
      vip: plan === 'Enterprise' && rng.chance(0.5),
      firstRequester: 0,
      requesterCount: 0,
      requesterTable: new WeightedTable([1]),
      adoptionLagDays: rng.chance(0.15) ? rng.range(4, 12) : rng.range(0.3, 2.5),
    });
  }
  return orgs;
}

function makeRequester(rng: Rng, org: number, domain: string, used: Set<string>): Requester {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const f = first.toLowerCase();
  const l = last.toLowerCase();
  const styles = [`${f}.${l}`, `${f[0]}${l}`, `${f}`, `${f}_${l}`, `${l}.${f}`];
  let local = rng.pick(styles);
  let email = `${local}@${domain}`;
  for (let n = 2; used.has(email); n++) {
    local = `${f}.${l}${n}`;
    email = `${local}@${domain}`;
  }
  used.add(email);
  return { first, name: `${first} ${last}`, email, org };
}
