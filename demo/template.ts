/**
 * A tiny template language for the demo texts, compiled once into closures so rendering a
 * million descriptions stays cheap.
 *
 *   {a|b|c}      one of the alternatives (nestable; `{a|}` makes `a` optional)
 *   {name}       a phrase from the slot table `name`, or the ticket variable `name`
 *   {int:3-40}   a whole number in that range
 *
 * Unknown names fail at compile time, so a typo in the phrase data cannot reach the output.
 * Slots of a *sticky* phrasebook keep their first value for the whole ticket, so the device,
 * invoice number or feature named in the subject is the one the body and replies talk about.
 */
import type { Rng } from '@/demo/prng';

export type TextVars = Record<string, string>;
/** What one ticket's texts share: its variables, and the values its sticky slots drew. */
export interface TextScope {
  vars: TextVars;
  memo: Map<string, string>;
}
export type Render = (rng: Rng, scope: TextScope) => string;
export type SlotTables = Readonly<Record<string, readonly string[]>>;

type Node =
  | { kind: 'text'; value: string }
  | { kind: 'seq'; parts: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'name'; name: string }
  | { kind: 'int'; min: number; max: number };

const NAME = /^[a-zA-Z][a-zA-Z0-9_]*$/;
const INT = /^int:(\d+)-(\d+)$/;

/** Parses `source` from `start` up to the end or, inside braces, an unmatched `}` or `|`. */
function parseSeq(source: string, start: number, nested: boolean): { node: Node; end: number } {
  const parts: Node[] = [];
  let text = '';
  let i = start;
  while (i < source.length) {
    const ch = source[i];
    if (nested && (ch === '}' || ch === '|')) break;
    if (ch === '{') {
      if (text) parts.push({ kind: 'text', value: text });
      text = '';
      const { node, end } = parseBraces(source, i + 1);
      parts.push(node);
      i = end;
      continue;
    }
    text += ch;
    i++;
  }
  if (text) parts.push({ kind: 'text', value: text });
  const node: Node = parts.length === 1 ? parts[0] : { kind: 'seq', parts };
  return { node, end: i };
}

/** Parses the inside of `{…}` starting after the brace; returns the index after `}`. */
function parseBraces(source: string, start: number): { node: Node; end: number } {
  const closing = source.indexOf('}', start);
  const simple = closing >= 0 ? source.slice(start, closing) : '';
  if (closing >= 0 && !simple.includes('{') && !simple.includes('|')) {
    const int = INT.exec(simple);
    if (int) return { node: { kind: 'int', min: Number(int[1]), max: Number(int[2]) }, end: closing + 1 };
    if (NAME.test(simple)) return { node: { kind: 'name', name: simple }, end: closing + 1 };
    throw new Error(`Template "${source}": "{${simple}}" is neither a name, an int range nor alternatives`);
  }
  const options: Node[] = [];
  let i = start;
  for (;;) {
    const { node, end } = parseSeq(source, i, true);
    options.push(node);
    if (end >= source.length) throw new Error(`Template "${source}": unclosed "{"`);
    i = end + 1;
    if (source[end] === '}') break;
  }
  return { node: { kind: 'alt', options }, end: i };
}

const EMPTY: Render = () => '';

/**
 * Slot tables compiled lazily (a slot may use other slots). A child phrasebook sees its own
 * tables first, then its parent's: topics add their own vocabulary to the shared one.
 */
export class Phrasebook {
  private readonly compiled = new Map<string, Render>();
  private readonly compiling = new Set<string>();

  constructor(
    private readonly tables: SlotTables,
    private readonly variables: ReadonlySet<string>,
    private readonly options: { sticky?: boolean; parent?: Phrasebook; prefix?: string } = {},
  ) {}

  /** A child book whose tables shadow this one's; `sticky` slots keep one value per ticket. */
  extend(tables: SlotTables, options: { sticky?: boolean; prefix?: string } = {}): Phrasebook {
    return new Phrasebook(tables, this.variables, { ...options, parent: this });
  }

  compile(source: string): Render {
    const { node } = parseSeq(source, 0, false);
    return this.build(node, source);
  }

  /** One render that picks uniformly among several templates. */
  compileChoice(sources: readonly string[]): Render {
    if (sources.length === 0) return EMPTY;
    const renders = sources.map((s) => this.compile(s));
    return pickOne(renders);
  }

  private slot(name: string, source: string): Render | undefined {
    if (Object.hasOwn(this.tables, name)) {
      const done = this.compiled.get(name);
      if (done) return done;
      if (this.compiling.has(name)) throw new Error(`Slot "${name}" refers to itself (in "${source}")`);
      this.compiling.add(name);
      let render = this.compileChoice(this.tables[name]);
      if (this.options.sticky) render = remember(`${this.options.prefix ?? ''}:${name}`, render);
      this.compiling.delete(name);
      this.compiled.set(name, render);
      return render;
    }
    return this.options.parent?.slot(name, source);
  }

  private build(node: Node, source: string): Render {
    switch (node.kind) {
      case 'text': {
        const value = node.value;
        return () => value;
      }
      case 'int': {
        const { min, max } = node;
        return (rng) => String(rng.int(min, max));
      }
      case 'name': {
        const slot = this.slot(node.name, source);
        if (slot) return slot;
        const name = node.name;
        if (!this.variables.has(name)) throw new Error(`Template "${source}": unknown slot or variable "{${name}}"`);
        return (_rng, scope) => scope.vars[name] ?? '';
      }
      case 'alt':
        return pickOne(node.options.map((option) => this.build(option, source)));
      case 'seq': {
        const parts = node.parts.map((part) => this.build(part, source));
        return (rng, scope) => {
          let out = '';
          for (let i = 0; i < parts.length; i++) out += parts[i](rng, scope);
          return out;
        };
      }
    }
  }
}

function pickOne(renders: Render[]): Render {
  if (renders.length === 1) return renders[0];
  return (rng, scope) => renders[Math.floor(rng.next() * renders.length)](rng, scope);
}

function remember(key: string, render: Render): Render {
  return (rng, scope) => {
    let value = scope.memo.get(key);
    if (value === undefined) {
      value = render(rng, scope);
      scope.memo.set(key, value);
    }
    return value;
  };
}

/**
 * One human slip in `text`: two letters swapped, one dropped or one doubled, inside a word
 * of at least four letters, as in hurried real tickets ("recieve", "dashbaord").
 */
export function addTypo(rng: Rng, text: string): string {
  for (let attempt = 0; attempt < 6; attempt++) {
    const i = rng.int(1, Math.max(1, text.length - 3));
    if (!isLetter(text, i - 1) || !isLetter(text, i) || !isLetter(text, i + 1) || !isLetter(text, i + 2)) continue;
    const kind = rng.int(0, 2);
    if (kind === 0) return text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
    if (kind === 1) return text.slice(0, i) + text.slice(i + 1);
    return text.slice(0, i) + text[i] + text.slice(i);
  }
  return text;
}

function isLetter(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
