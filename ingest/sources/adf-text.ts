/**
 * Atlassian Document Format → plain text, for clustering and the ticket pages. Jira Cloud's
 * REST API v3 sends descriptions and comment bodies as ADF documents (a JSON tree of block and
 * inline nodes) instead of wiki-markup strings.
 * Node reference: https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/
 *
 * Text is kept as a person would read it: one line per paragraph, heading or list item (items
 * prefixed "- " or "1. "), code blocks verbatim, table rows with " | " between cells. Inline
 * nodes that stand for text show it (a mention's "@name", an emoji's character, a status'
 * label, a link card's URL, a date as YYYY-MM-DD); media and unknown leaf nodes show nothing,
 * while the text inside unknown containers (extensions, new node types) is still kept.
 */
import { isObject } from './json-input';

type Node = Record<string, unknown>;

function children(node: Node): Node[] {
  return Array.isArray(node.content) ? node.content.filter(isObject) : [];
}

function attr(node: Node, name: string): unknown {
  return isObject(node.attrs) ? node.attrs[name] : undefined;
}

function attrText(node: Node, name: string): string {
  const value = attr(node, name);
  return typeof value === 'string' ? value : '';
}

/** An ADF `date` node keeps epoch milliseconds as a string. */
function dateText(node: Node): string {
  const ms = Number(attrText(node, 'timestamp'));
  return Number.isFinite(ms) && attrText(node, 'timestamp') !== '' ? new Date(ms).toISOString().slice(0, 10) : '';
}

/** The inline text of a node and its descendants (no line structure). */
function inline(node: Node): string {
  switch (node.type) {
    case 'text':
      return typeof node.text === 'string' ? node.text : '';
    case 'hardBreak':
      return '\n';
    case 'mention': {
      const text = attrText(node, 'text');
      return text === '' ? '' : text.startsWith('@') ? text : `@${text}`;
    }
    case 'emoji':
      return attrText(node, 'text') || attrText(node, 'shortName');
    case 'inlineCard':
    case 'blockCard':
    case 'embedCard':
      return attrText(node, 'url');
    case 'status':
    case 'placeholder':
      return attrText(node, 'text');
    case 'date':
      return dateText(node);
    case 'media':
    case 'mediaInline':
    case 'mediaSingle':
    case 'mediaGroup':
    case 'rule':
      return '';
    default:
      return children(node).map(inline).join('');
  }
}

/** Lines of a block node (and of the blocks inside it), in reading order. */
function blockLines(node: Node, out: string[]): void {
  switch (node.type) {
    case 'doc':
    case 'blockquote':
    case 'panel':
    case 'layoutSection':
    case 'layoutColumn':
    case 'bodiedExtension':
    case 'listItem':
    case 'taskItem':
    case 'decisionItem':
      childBlocks(node, out);
      return;
    case 'expand':
    case 'nestedExpand': {
      const title = attrText(node, 'title');
      if (title !== '') out.push(title);
      childBlocks(node, out);
      return;
    }
    case 'bulletList':
    case 'orderedList':
    case 'taskList':
    case 'decisionList': {
      const start = Number(attr(node, 'order') ?? 1);
      children(node).forEach((item, i) => {
        const marker = node.type === 'orderedList' ? `${(Number.isFinite(start) ? start : 1) + i}. ` : '- ';
        const lines: string[] = [];
        blockLines(item, lines);
        lines.forEach((line, j) => out.push(j === 0 ? marker + line : `  ${line}`));
      });
      return;
    }
    case 'codeBlock':
      for (const line of inline(node).split('\n')) out.push(line);
      return;
    case 'table':
      for (const row of children(node)) {
        const cells = children(row).map((cell) => {
          const lines: string[] = [];
          childBlocks(cell, lines);
          return lines.join(' ').trim();
        });
        out.push(cells.join(' | '));
      }
      return;
    case 'rule':
    case 'mediaSingle':
    case 'mediaGroup':
      return;
    default: {
      // paragraph, heading and any inline-holding or unknown node: its text, split at hard breaks.
      for (const line of inline(node).split('\n')) out.push(line);
    }
  }
}

/** Children of a container: consecutive inline nodes (an unwrapped text run) are one line. */
function childBlocks(node: Node, out: string[]): void {
  let run = '';
  const flush = () => {
    if (run.trim() !== '') for (const line of run.split('\n')) out.push(line);
    run = '';
  };
  for (const child of children(node)) {
    if (isInline(child)) run += inline(child);
    else {
      flush();
      blockLines(child, out);
    }
  }
  flush();
}

const INLINE = new Set(['text', 'hardBreak', 'mention', 'emoji', 'inlineCard', 'status', 'date', 'placeholder', 'mediaInline', 'inlineExtension']);

function isInline(node: Node): boolean {
  return INLINE.has(String(node.type));
}

/** True for an ADF document (`{"type": "doc", "version": 1, "content": [...]}`). */
export function isAdfDocument(value: unknown): value is Node {
  return isObject(value) && value.type === 'doc' && Array.isArray(value.content);
}

/**
 * The plain text of an ADF document or node: lines joined with "\n", blank lines and trailing
 * spaces dropped. Anything that is not an object gives "".
 */
export function adfToText(value: unknown): string {
  if (!isObject(value)) return '';
  const lines: string[] = [];
  // The reading-order walk recurses; a document nested deeper than any editor makes (the sender
  // decides the depth) is read by the flat walk instead, so no body can overflow the stack.
  if (depthExceeds(value, MAX_READABLE_DEPTH)) lines.push(...flatText(value).split('\n'));
  else blockLines(value, lines);
  return lines
    .map((line) => line.trimEnd())
    .filter((line) => line !== '')
    .join('\n');
}

const MAX_READABLE_DEPTH = 64;

/** Whether any node lies deeper than `limit` below `root` (an explicit stack, no recursion). */
function depthExceeds(root: Node, limit: number): boolean {
  const stack: [Node, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > limit) return true;
    for (const child of children(node)) stack.push([child, depth + 1]);
  }
  return false;
}

const LINE_END = Symbol('line end');

/** Every text node in document order, a line break after each paragraph or heading; no recursion. */
function flatText(root: Node): string {
  const parts: string[] = [];
  const stack: (Node | typeof LINE_END)[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === LINE_END) {
      parts.push('\n');
      continue;
    }
    if (typeof node.text === 'string') parts.push(node.text);
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'hardBreak') stack.push(LINE_END);
    const kids = children(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return parts.join('');
}
