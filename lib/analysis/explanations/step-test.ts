/**
 * Did the topic's level step at the release, beyond a trend and beyond an earlier release's
 * step? A release effect is a shift that starts at the release (issue 14); a topic that was
 * already growing, or that is still settling after the previous release's change, shows a
 * before/after difference at every release in its way.
 *
 * Model: a Poisson regression of the topic's daily count with the other tickets of the day as
 * exposure (log offset), so growth and weekdays cancel as in the release test itself:
 *   log E[count_d] = log(others_d) + a + Σ covariates
 * with covariates among: a linear trend in time, a step at an earlier release of the same
 * product, and the step at this release. The step at this release is tested by the likelihood
 * ratio against the model without it (χ² with 1 degree of freedom; Wilks 1938). Fitted by
 * iteratively reweighted least squares (McCullagh & Nelder 1989, §2.5).
 *
 * A trend is only put in the model when the before window alone shows one (`testTrendBefore`):
 * over 42 days a free trend absorbs much of a genuine step, and testing the step against it
 * every time lost a third of the planted level shifts.
 */
import { DAY_MS } from '@/lib/time';
import { firstAtOrAfter, type TicketTable } from './ticket-table';

export interface StepTestInput {
  table: TicketTable;
  mask: Uint8Array | null;
  topic: number;
  excludedTopics: ReadonlySet<number>;
  /** Days left out for topic and exposure alike. */
  excludedDays: ReadonlySet<number>;
  /** Release day (local day index): days after it are "after"; the release day itself is left out. */
  releaseDay: number;
  fromDay: number;
  toDay: number;
  /** Include a linear trend in time. */
  trend: boolean;
  /** Days of earlier steps already known (local day indices: after = day > step). */
  earlierSteps: readonly number[];
}

export interface StepTest {
  /** exp(step coefficient): the jump at the release relative to the rest of the model. */
  stepRatio: number;
  /** Two-sided p-value of the step (likelihood ratio, χ²₁). */
  pValue: number;
  days: number;
}

/** Daily counts of the topic and of the exposure over [fromDay, toDay]. */
function dailyColumns(input: StepTestInput): { day: number; y: number; e: number }[] {
  const { table, mask, topic, excludedTopics, excludedDays } = input;
  const days = new Map<number, { y: number; e: number }>();
  const startMs = (input.fromDay - 1) * DAY_MS; // local days never start more than a day from UTC midnight
  const endMs = (input.toDay + 2) * DAY_MS;
  const end = firstAtOrAfter(table, endMs);
  for (let i = firstAtOrAfter(table, startMs); i < end; i++) {
    const day = table.days[i];
    if (day < input.fromDay || day > input.toDay || day === input.releaseDay || excludedDays.has(day)) continue;
    if (mask !== null && mask[i] === 0) continue;
    const k = table.topicOf[i];
    if (k !== topic && k >= 0 && excludedTopics.has(k)) continue;
    let cell = days.get(day);
    if (!cell) days.set(day, (cell = { y: 0, e: 0 }));
    if (k === topic) cell.y++;
    else cell.e++;
  }
  return [...days].filter(([, c]) => c.e > 0).map(([day, c]) => ({ day, ...c }));
}

interface Fit {
  logLikelihood: number;
  beta: number[];
}

/** Poisson regression with offset by IRLS; returns the log-likelihood (up to a constant) and β. */
function fitPoisson(rows: number[][], y: number[], offset: number[]): Fit {
  const p = rows[0].length;
  const n = y.length;
  const total = y.reduce((a, b) => a + b, 0);
  const exposure = offset.reduce((a, o) => a + Math.exp(o), 0);
  const beta = new Array<number>(p).fill(0);
  beta[0] = Math.log(Math.max(total, 0.5) / exposure);
  for (let iteration = 0; iteration < 50; iteration++) {
    const xtwx = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const xtwz = new Array<number>(p).fill(0);
    for (let i = 0; i < n; i++) {
      let eta = offset[i];
      for (let j = 0; j < p; j++) eta += rows[i][j] * beta[j];
      const mu = Math.min(Math.exp(eta), 1e12);
      // Working response of the linear predictor without the offset.
      const z = eta - offset[i] + (y[i] - mu) / Math.max(mu, 1e-10);
      const w = Math.max(mu, 1e-10);
      for (let j = 0; j < p; j++) {
        xtwz[j] += rows[i][j] * w * z;
        for (let k = 0; k < p; k++) xtwx[j][k] += rows[i][j] * w * rows[i][k];
      }
    }
    const next = solve(xtwx, xtwz);
    if (next === null) break;
    let change = 0;
    for (let j = 0; j < p; j++) {
      // Coefficients of an all-zero side run off to −∞; capping keeps the likelihood finite.
      const value = Math.max(-30, Math.min(30, next[j]));
      change = Math.max(change, Math.abs(value - beta[j]));
      beta[j] = value;
    }
    if (change < 1e-8) break;
  }
  let logLikelihood = 0;
  for (let i = 0; i < n; i++) {
    let eta = offset[i];
    for (let j = 0; j < p; j++) eta += rows[i][j] * beta[j];
    logLikelihood += y[i] * eta - Math.exp(eta);
  }
  return { logLikelihood, beta };
}

/** Gaussian elimination with partial pivoting; null when singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
    if (Math.abs(m[pivot][c]) < 1e-12) return null;
    [m[c], m[pivot]] = [m[pivot], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

/** Upper tail of χ² with one degree of freedom: 2·(1 − Φ(√x)). */
function chiSquare1UpperTail(x: number): number {
  if (!(x > 0)) return 1;
  return erfc(Math.sqrt(x / 2));
}

/** Complementary error function (Numerical Recipes' erfcc, relative error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** The likelihood-ratio test of a step at the release, given the other covariates. */
export function testStepAtRelease(input: StepTestInput): StepTest | null {
  const columns = dailyColumns(input);
  if (columns.length < 7 || columns.every((c) => c.y === 0)) return null;
  const span = Math.max(1, input.toDay - input.fromDay);
  const base = (c: { day: number }) => {
    const row = [1];
    if (input.trend) row.push((c.day - input.releaseDay) / span);
    for (const step of input.earlierSteps) row.push(c.day > step ? 1 : 0);
    return row;
  };
  const y = columns.map((c) => c.y);
  const offset = columns.map((c) => Math.log(c.e));
  const without = fitPoisson(columns.map(base), y, offset);
  const withStep = fitPoisson(
    columns.map((c) => [...base(c), c.day > input.releaseDay ? 1 : 0]),
    y,
    offset,
  );
  const lr = Math.max(0, 2 * (withStep.logLikelihood - without.logLikelihood));
  return { stepRatio: Math.exp(withStep.beta[withStep.beta.length - 1]), pValue: chiSquare1UpperTail(lr), days: columns.length };
}

/** Is there a linear trend in the before window alone (days before the release day)? */
export function testTrendBefore(input: Omit<StepTestInput, 'trend' | 'earlierSteps'> & { earlierSteps?: readonly number[] }): StepTest | null {
  const columns = dailyColumns({ ...input, toDay: input.releaseDay - 1, trend: true, earlierSteps: [] });
  if (columns.length < 7 || columns.every((c) => c.y === 0)) return null;
  const span = Math.max(1, input.releaseDay - 1 - input.fromDay);
  const steps = input.earlierSteps ?? [];
  const base = (c: { day: number }) => [1, ...steps.map((step) => (c.day > step ? 1 : 0))];
  const y = columns.map((c) => c.y);
  const offset = columns.map((c) => Math.log(c.e));
  const flat = fitPoisson(columns.map(base), y, offset);
  const sloped = fitPoisson(columns.map((c) => [...base(c), (c.day - input.releaseDay) / span]), y, offset);
  const lr = Math.max(0, 2 * (sloped.logLikelihood - flat.logLikelihood));
  // stepRatio here: the trend's factor over the before window.
  return { stepRatio: Math.exp(sloped.beta[sloped.beta.length - 1]), pValue: chiSquare1UpperTail(lr), days: columns.length };
}
