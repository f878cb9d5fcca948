/**
 * axe-core (Deque's accessibility engine, the one behind Lighthouse and the axe browser
 * extension) injected into a page opened by playwright-core, limited to the WCAG 2.0–2.2 A and
 * AA rules: what issue 22 holds every page to.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** Where: the CSS selector of each failing element and axe's one-line reason. */
  nodes: { target: string; summary: string }[];
}

/**
 * Runs axe on the page as it is now. Closed disclosures (`<details>`) are opened first, so the
 * tables behind charts and the test details are checked too.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SCRIPT });
  return page.evaluate(async (tags) => {
    type AxeResult = { violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] };
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((node) => ({ target: node.target.map(String).join(' '), summary: (node.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200) })),
    }));
  }, WCAG_TAGS);
}

/** One line per violation, for a failure message or the log. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => `${v.id} (${v.impact}, ${v.nodes.length}×): ${v.help} — e.g. ${v.nodes.slice(0, 3).map((node) => `${node.target}: ${node.summary}`).join(' | ')}`)
    .join('\n');
}
