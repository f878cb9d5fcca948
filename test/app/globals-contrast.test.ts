/**
 * Every text colour of the stylesheets against every surface it can sit on, at WCAG AA's 4.5:1
 * (issue 22): a token or rule added later that fails it fails here, not in a planning meeting.
 * The stylesheets are read as written: `:root` tokens resolved, each rule's `color` and
 * `background`. A rule that sets both is one pair; a rule that sets only a text colour is paired
 * with every surface of its kind — dark text with every light background of the stylesheets,
 * light text with every dark one — since where a class ends up is not known from the CSS.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contrastRatio, MIN_TEXT_CONTRAST, parseHexColour, relativeLuminance, type Rgb } from '@/lib/contrast';

const APP = path.resolve(import.meta.dirname, '../../app');
/** Backgrounds of shapes that never hold text (chart legend swatches, bars, loading skeletons). */
const GRAPHICS = ['.swatch', '.bar', '.skeleton'];
/** Below this relative luminance a surface counts as dark (white text), above as light. */
const DARK_BELOW = 0.4;

interface Rule {
  file: string;
  selector: string;
  declarations: Map<string, string>;
}

function stripComments(css: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const start = css.indexOf('/*', at);
    if (start < 0) return out + css.slice(at);
    out += css.slice(at, start);
    const end = css.indexOf('*/', start + 2);
    at = end < 0 ? css.length : end + 2;
  }
}

/** Flat list of style rules; the blocks of `@media print` are left out (print is black on white). */
function parseRules(file: string, css: string): Rule[] {
  const rules: Rule[] = [];
  const text = stripComments(css);
  const walk = (from: number, to: number, skip: boolean) => {
    let at = from;
    while (at < to) {
      const open = text.indexOf('{', at);
      if (open < 0 || open >= to) return;
      const selector = text.slice(at, open).trim();
      // The matching close brace (blocks nest one level inside @media).
      let depth = 1;
      let close = open + 1;
      for (; close < to && depth > 0; close++) {
        if (text[close] === '{') depth++;
        else if (text[close] === '}') depth--;
      }
      const body = text.slice(open + 1, close - 1);
      if (selector.startsWith('@')) walk(open + 1, close - 1, skip || selector.includes('print'));
      else if (!skip) {
        const declarations = new Map<string, string>();
        for (const part of body.split(';')) {
          const colon = part.indexOf(':');
          if (colon > 0) declarations.set(part.slice(0, colon).trim(), part.slice(colon + 1).trim());
        }
        rules.push({ file, selector, declarations });
      }
      at = close;
    }
  };
  walk(0, text.length, false);
  return rules;
}

function stylesheets(): { file: string; css: string }[] {
  const files = readdirSync(APP, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.css'));
  return files.map((f) => ({ file: `app/${f}`, css: readFileSync(path.join(APP, f), 'utf8') }));
}

function tokensOf(rules: Rule[]): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const rule of rules.filter((r) => r.selector === ':root')) {
    for (const [name, value] of rule.declarations) if (name.startsWith('--')) tokens.set(name, value);
  }
  return tokens;
}

/** A declared colour as RGB: a hex value or a `var()` of a hex token; null for anything else (none, inherit, gradients). */
function colourOf(tokens: Map<string, string>, value: string | undefined): { name: string; rgb: Rgb } | null {
  if (!value) return null;
  const v = value.replace('!important', '').trim();
  const token = v.startsWith('var(') && v.endsWith(')') ? v.slice(4, -1).trim() : null;
  const resolved = token ? tokens.get(token) : v;
  const rgb = resolved ? parseHexColour(resolved) : null;
  return rgb ? { name: token ? `${token} ${resolved}` : resolved!, rgb } : null;
}

const isGraphic = (selector: string) => GRAPHICS.some((g) => selector.includes(g));

interface Pair {
  where: string;
  text: string;
  surface: string;
  ratio: number;
}

function pairsOf(rules: Rule[]): Pair[] {
  const tokens = tokensOf(rules);
  const backgroundOf = (rule: Rule) => colourOf(tokens, rule.declarations.get('background-color') ?? rule.declarations.get('background'));
  const surfaces = rules.filter((r) => !isGraphic(r.selector)).flatMap((r) => backgroundOf(r) ?? []);
  const unique = [...new Map(surfaces.map((s) => [s.name, s])).values()];
  const light = unique.filter((s) => relativeLuminance(s.rgb) >= DARK_BELOW);
  const dark = unique.filter((s) => relativeLuminance(s.rgb) < DARK_BELOW);
  const pairs: Pair[] = [];
  for (const rule of rules) {
    const text = colourOf(tokens, rule.declarations.get('color'));
    if (!text) continue;
    const own = backgroundOf(rule);
    const against = own ? [own] : relativeLuminance(text.rgb) < DARK_BELOW ? light : dark;
    for (const surface of against) {
      pairs.push({ where: `${rule.file} ${rule.selector}`, text: text.name, surface: surface.name, ratio: contrastRatio(text.rgb, surface.rgb) });
    }
  }
  return pairs;
}

const failures = (pairs: Pair[]) =>
  [...new Set(pairs.filter((p) => p.ratio < MIN_TEXT_CONTRAST).map((p) => `${p.where}: ${p.text} on ${p.surface} = ${p.ratio.toFixed(2)}:1`))];

describe('colour contrast of the stylesheets (WCAG 1.4.3)', () => {
  const rules = stylesheets().flatMap(({ file, css }) => parseRules(file, css));
  const pairs = pairsOf(rules);

  it('reads the tokens and the rules that colour text', () => {
    expect(tokensOf(rules).get('--ink')).toBe('#1b1f24');
    expect(pairs.length).toBeGreaterThan(100);
    // The verdict colours are among the pairs checked, on the tinted notice backgrounds too.
    expect(pairs.some((p) => p.where.includes('.badge.ok') && p.surface.includes('#eefbf6'))).toBe(true);
    expect(pairs.some((p) => p.where.includes('.site-nav a') && p.surface.includes('#1b1f24'))).toBe(true);
  });

  it('gives every text colour at least 4.5:1 on every surface it can sit on', () => {
    expect(failures(pairs)).toEqual([]);
  });

  it('would catch the old verdict colours: Okabe–Ito green and vermillion as text', () => {
    const old = parseRules(
      'old.css',
      ':root { --green: #009e73; --vermillion: #d55e00; } .panel { background: #ffffff; } .badge.ok { color: var(--green); } @media (max-width: 9px) { .trend.up { color: var(--vermillion); } } @media print { .x { color: #eeeeee; } }',
    );
    expect(failures(pairsOf(old))).toEqual([
      'old.css .badge.ok: --green #009e73 on #ffffff = 3.42:1',
      'old.css .trend.up: --vermillion #d55e00 on #ffffff = 3.87:1',
    ]);
  });
});
