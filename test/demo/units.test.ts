import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { csvField } from '@/lib/csv-export';
import { isoUtc } from '@/demo/csv-writer';
import { parseWorkDays } from '@/demo/agents';
import { multinomial, Rng } from '@/demo/prng';
import { addTypo, Phrasebook } from '@/demo/template';

describe('Rng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const seqA = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it('derives independent streams per label', () => {
    expect(Rng.derive(1, 'a').next()).not.toBe(Rng.derive(1, 'b').next());
    expect(Rng.derive(1, 'a').next()).toBe(Rng.derive(1, 'a').next());
  });

  it('draws binomials with the right mean on both code paths', () => {
    const rng = new Rng(7);
    for (const [n, p] of [[40, 0.1], [5000, 0.3], [80, 0.9]] as const) {
      let sum = 0;
      for (let i = 0; i < 20_000; i++) sum += rng.binomial(n, p);
      expect(sum / 20_000).toBeCloseTo(n * p, 0);
    }
  });

  it('splits a total exactly and proportionally', () => {
    const rng = new Rng(3);
    const totals = [0, 0, 0, 0];
    for (let i = 0; i < 2000; i++) {
      const counts = multinomial(rng, 100, [1, 0, 3, 6]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(100);
      counts.forEach((c, k) => (totals[k] += c));
    }
    expect(totals[1]).toBe(0);
    expect(totals[0] / 2000).toBeCloseTo(10, 0);
    expect(totals[3] / 2000).toBeCloseTo(60, 0);
  });
});

describe('Phrasebook templates', () => {
  const book = new Phrasebook({ colour: ['red', 'blue'] }, new Set(['name']));

  it('renders alternatives, slots, variables and numbers', () => {
    const render = book.compile('{Hi|Hello} {name}, {colour} x{int:3-5}{!|}');
    const seen = new Set<string>();
    const rng = new Rng(1);
    for (let i = 0; i < 200; i++) seen.add(render(rng, { vars: { name: 'Ana' }, memo: new Map() }));
    for (const text of seen) expect(text).toMatch(/^(Hi|Hello) Ana, (red|blue) x[345]!?$/);
    expect(seen.size).toBeGreaterThan(10);
  });

  it('keeps literal pipes and braces-free text outside of alternatives', () => {
    expect(book.compile('A | B')(new Rng(1), { vars: {}, memo: new Map() })).toBe('A | B');
  });

  it('keeps sticky slots constant within one ticket', () => {
    const sticky = book.extend({ device: ['iPhone', 'Pixel', 'Galaxy', 'iPad'] }, { sticky: true, prefix: 't' });
    const a = sticky.compile('{device}');
    const rng = new Rng(5);
    const scope = { vars: {}, memo: new Map<string, string>() };
    const first = a(rng, scope);
    for (let i = 0; i < 20; i++) expect(a(rng, scope)).toBe(first);
  });

  it('rejects unknown names at compile time', () => {
    expect(() => book.compile('Hello {nmae}')).toThrow(/unknown slot or variable/);
    expect(() => book.compile('{unclosed|x')).toThrow(/unclosed/);
  });

  it('makes one human typo inside a word', () => {
    const text = 'The dashboard takes forever';
    const typo = addTypo(new Rng(2), text);
    expect(typo).not.toBe(text);
    expect(Math.abs(typo.length - text.length)).toBeLessThanOrEqual(1);
  });
});

describe('CSV helpers', () => {
  it('quotes only when needed and round-trips through csv-parse', () => {
    const fields = ['plain', 'a,b', 'say "hi"', 'two\nlines', ''];
    expect(fields.map(csvField)).toEqual(['plain', '"a,b"', '"say ""hi"""', '"two\nlines"', '']);
    expect(parse(fields.map(csvField).join(',') + '\n')).toEqual([fields]);
  });

  it('formats whole-second UTC instants like toISOString without milliseconds', () => {
    for (const ms of [0, 1_719_792_000_000, 1_719_878_399_000, Date.UTC(2024, 1, 29, 23, 59, 59)]) {
      expect(isoUtc(ms)).toBe(new Date(ms).toISOString().replace('.000Z', 'Z'));
    }
  });

  it('reads work-day ranges, including ones across the weekend', () => {
    expect(parseWorkDays('Mon-Fri')).toEqual([false, true, true, true, true, true, false]);
    expect(parseWorkDays('Sun-Thu')).toEqual([true, true, true, true, true, false, false]);
    expect(parseWorkDays('Fri-Mon')).toEqual([true, true, false, false, false, true, true]);
  });
});
