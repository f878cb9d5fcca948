/**
 * Machine text pasted into tickets — logs, stack traces, code, SQL, command output, tables —
 * recognised by the shape of each line rather than by lists of products or log formats.
 *
 * A line is machine text when most of its tokens are not words a person writes: paths,
 * qualified names (org.apache.Foo), identifiers (camelCase, snake_case, `quoted`), key=value,
 * decimals, timestamps, hex; or when symbols make up much of it (code); or when it has the
 * unmistakable start of a log record, a stack frame or a shell prompt. Lines sandwiched in a
 * block of machine lines follow the block when they are only half prose themselves ("NOT NULL,"
 * in a table definition), so a pasted block goes as a whole. What is left of a prose line keeps
 * its identifiers (a "NullPointerException in FSNamesystem" is the issue), but a path or a
 * qualified name is shortened to its last part: "/usr/sbin/mysqld" is about mysqld, not "usr sbin".
 */

/**
 * Words as people write them: letters with an optional apostrophe or inner hyphen, any case; an
 * @handle or #tag is a name a person wrote too (a line of handles addresses a message).
 */
// (The handle branch's trailing marks leave out `_`: its `\w*` takes underscores already.)
const PROSE_TOKEN = /^[("'“‘*[]*(?:[@#][A-Za-z]\w*[)"'”’*\].,;:!?]*|[A-Za-z]+(?:['’-][A-Za-z]+)*[)"'”’*_\].,;:!?]*)$/;
/** Small integers (counts, HTTP and error codes) say nothing about the line's nature. */
const NEUTRAL_TOKEN = /^[(#]?\d{1,3}[).,;:!?%]*$|^[-–—&+]$/;
const SYMBOLS = /[{}[\]()<>;=|\\/_*#$%^~`"'@+:]/g;

/** Starts of lines only machines write. */
const MACHINE_START: readonly RegExp[] = [
  // Timestamps: 2024-01-31 12:00, [2024/01/31 12:00:00], 12:00:01,123, Jan 31 12:00:01.
  /^\s*[[(]?\d{2,4}[-/.]\d{1,2}[-/.]\d{1,4}[ T,]+\d{1,2}:\d{2}/,
  /^\s*[[(]?\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/,
  /^\s*[[(]?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} +\d{1,2}:\d{2}:\d{2}/,
  // Log levels opening a record: "ERROR [main] …", "[WARN] …", "[INFO] Reactor Summary".
  /^\s*(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|SEVERE|FATAL|CRITICAL)\s*[:[\-|]/,
  /^\s*[[(]\*?(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|SEVERE|FATAL|CRITICAL)\*?[\])]/,
  // Stack frames and their headers (Java, Python, .NET, JavaScript).
  /^\s*at\s+[\w$.<>/@-]+\s*\(/,
  /^\s*at\s+[\w$.<>]+\.[\w$<>]+\s*$/,
  /^\s*\.\.\. \d+ (?:more|common frames omitted)/,
  /^\s*(?:Caused by|Suppressed):\s+[\w$.]+/,
  /^\s*Exception in thread\s/,
  /^\s*Traceback \(most recent call last\)/,
  /^\s*File "[^"]+", line \d+/,
  /^\s*[\w$.]+(?:Exception|Error)(?::|$)/,
  // Shell prompts and command lines: "$ ls -l", "user@host:~$ make", ">>> import os", "C:\> dir".
  /^\s*(?:\$|>>>|PS [A-Z]:\\[^>]*>|[A-Z]:\\[^>]*>)\s+\S/,
  /^\s*[\w.-]+@[\w.-]+:[^\s]*[$#]\s/,
  // Tables: "| a | b |", "+----+----+", "-----+-----", "====".
  /^\s*\|(?:[^|\n]*\|){2,}\s*$/,
  /^\s*[+|]?[-=+]{3}[-=+|]*\s*$/,
  // SQL statements, written the way SQL is (upper-case keywords).
  /^\s*(?:SELECT\s+[\w*`"(]|INSERT\s+INTO\b|UPDATE\s+\S+\s+SET\b|DELETE\s+FROM\b|CREATE\s+(?:TABLE|INDEX|UNIQUE|VIEW|DATABASE)\b|ALTER\s+TABLE\b|DROP\s+(?:TABLE|INDEX)\b)/,
  // Markup and code openers: "<tag attr=…>", "</tag>", "import x.y;", "def f(", "function f(".
  /^\s*<\/?[A-Za-z][\w:.-]*(?:\s+[\w:.-]+=|\s*\/?>)/,
  /^\s*(?:import|package|using|#include|from)\s+[\w.*<>"/]+(?:\s+import\s+[\w*]+(?:,\s*[\w*]+)*)?\s*(?:;\s*)?$/,
  /^\s*(?:def|function|class|public|private|protected|static|return|var|let|const)\s+[\w$<>[\]]+\s*[=(:{<]/,
];

/** All of MACHINE_START as one regex: one pass instead of twenty. */
const ANY_MACHINE_START = new RegExp(`^\\s*(?:${MACHINE_START.map((r) => `(?:${r.source.replace(/^\^\\s\*/, '')})`).join('|')})`);

export type LineKind = 'prose' | 'machine' | 'mixed' | 'blank';

/**
 * What any machine line has somewhere, and plain prose rarely: a code symbol, a path, a dotted
 * name, a time, decimal or version (12:00, 0.00, 5.1.0), or an opening that only logs, SQL and
 * stack traces have (a number, an upper-case word, "at "). Semicolons, single slashes
 * ("and/or"), camelCase brand names ("iPhone") and numbers inside prose ("row 2398") are not
 * enough. One native regex pass decides most texts and lines.
 */
const SUSPECT_SYMBOL = /[{}<>=|\\_^~`@]/;
const SUSPECT_SHAPE = /\/\S*\/|[A-Za-z]\.[A-Za-z]|\d[:.]\d/;
const SUSPECT_START = /^[ \t]*(?:\d|[A-Z]{4}|\[\*?[A-Z]{4}|at |\$ |Exception in thread|Traceback|[+|]?[-=+]{3})/m;

/** Three simple scans beat one alternation: V8 finds a lone character class very fast. */
function suspect(text: string): boolean {
  return SUSPECT_SYMBOL.test(text) || SUSPECT_SHAPE.test(text) || SUSPECT_START.test(text);
}

function isMachineToken(token: string): boolean {
  if (PROSE_TOKEN.test(token)) return false;
  return !NEUTRAL_TOKEN.test(token);
}

/**
 * How a single line reads: `machine` (logs, code, output), `mixed` (prose with much machine text,
 * decided by its neighbours), `prose` or `blank`.
 */
export function classifyLine(line: string): LineKind {
  const trimmed = line.trim();
  if (trimmed.length === 0) return 'blank';
  if (!suspect(trimmed)) return 'prose';
  if (ANY_MACHINE_START.test(trimmed)) return 'machine';
  const tokens = trimmed.split(/\s+/);
  // One long run of non-space characters: base64, a minified script, a hash, a URL remnant.
  if (tokens.length === 1) return trimmed.length > 40 && isMachineToken(trimmed) ? 'machine' : isMachineToken(trimmed) ? 'mixed' : 'prose';
  let machine = 0;
  let counted = 0;
  for (const token of tokens) {
    if (NEUTRAL_TOKEN.test(token)) continue;
    counted++;
    if (isMachineToken(token)) machine++;
  }
  const symbols = trimmed.replace(/\s+/g, '').match(SYMBOLS)?.length ?? 0;
  const symbolShare = symbols / Math.max(1, trimmed.replace(/\s+/g, '').length);
  if (counted === 0) return 'machine'; // only numbers and dashes: a row of figures
  const share = machine / counted;
  if ((machine >= 2 && share >= 0.6) || symbolShare >= 0.3) return 'machine';
  if (share >= 0.3 || symbolShare >= 0.15) return 'mixed';
  // Column-aligned output: several runs of 3+ spaces between fields.
  if ((trimmed.match(/\S {3,}\S/g)?.length ?? 0) >= 2) return 'mixed';
  return 'prose';
}

/**
 * Removes machine lines, and mixed lines next to a machine one (part of a pasted block), from a
 * text. Blank lines do not separate a mixed line from its block; one step only, so a subject line
 * above a pasted log survives unless it is machine text itself.
 */
export function stripMachineLines(text: string): string {
  // Most texts are prose through and through: find that out without splitting them.
  if (!suspect(text)) return text;
  const lines = text.split('\n');
  const kinds = lines.map(classifyLine);
  let any = false;
  for (const kind of kinds) if (kind === 'machine') any = true;
  if (!any) return text;
  // A mixed line joins an adjacent machine block (looking past blank lines), in both directions.
  const near = (from: number, step: number): LineKind => {
    for (let i = from + step; i >= 0 && i < kinds.length; i += step) if (kinds[i] !== 'blank') return kinds[i];
    return 'blank';
  };
  const drop = kinds.map((kind, i) => kind === 'machine' || (kind === 'mixed' && (near(i, -1) === 'machine' || near(i, 1) === 'machine')));
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (drop[i]) {
      // Keep the paragraph break so no n-gram joins the prose around the block.
      if (kept.length > 0 && kept[kept.length - 1] !== '') kept.push('');
    } else kept.push(lines[i]);
  }
  return kept.join('\n');
}

const QUALIFIED_HINT = /[a-z_$]\.[A-Za-z_$][\w$]*\.[A-Z]/;

/**
 * Shortens paths and qualified names inside prose to their last part: "/usr/sbin/mysqld" →
 * "mysqld", "C:\Program Files\App\app.exe" → "app.exe", "org.apache.hadoop.fs.FileSystem" →
 * "FileSystem". Names of two parts ("Ti.UI") and configuration keys ("fs.s3a.endpoint") stay.
 */
export function shortenIdentifiers(text: string): string {
  if (!text.includes('/') && !text.includes('\\') && !QUALIFIED_HINT.test(text)) return text;
  return text
    .replace(/(?<![\w.])(?:~|\.{1,2})?(?:\/[\w.@+-]+){2,}\/?/g, (path) => ' ' + (path.replace(/\/$/, '').split('/').pop() ?? ''))
    .replace(/(?<![\w\\])[A-Za-z]:\\(?:[^\\\s]+\\)+([^\\\s]+)/g, ' $1')
    .replace(/(?<![\w.$])(?:[a-z_$][\w$]*\.){2,}([A-Z][\w$]*)/g, (_match, last: string) => ` ${last}`);
}
