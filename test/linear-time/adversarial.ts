/**
 * Adversarial ticket text for the linear-time tests and the long-text benchmark: the shapes that
 * make a backtracking pattern blow up — long alphanumeric runs with separators and a failing
 * last character, base64 blocks with `+` and `/`, megabyte logs, deep brackets and unclosed
 * tags, long whitespace, mixed scripts — and, at scale, the attack strings that `recheck` (a
 * ReDoS checker) derived from the patterns this code had before issue 24. Each family builds a
 * text of a requested length from a seed, so a failure can be replayed.
 */
import fc from 'fast-check';
import { seededRandom } from '@/lib/analysis/random';

export interface Family {
  name: string;
  build: (length: number, random: () => number) => string;
}

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const word = (random: () => number, min: number, max: number) => {
  let s = '';
  const n = min + Math.floor(random() * (max - min + 1));
  for (let i = 0; i < n; i++) s += ALNUM[Math.floor(random() * ALNUM.length)];
  return s;
};

/** `unit` repeated to `length` characters (then a suffix), the classic attack shape. */
const repeated = (prefix: string, unit: string, suffix = '') => (length: number) =>
  prefix + unit.repeat(Math.max(1, Math.ceil((length - prefix.length - suffix.length) / unit.length))) + suffix;

/** A run of units joined by separators, ending in a character that makes a match fail. */
function alnumRun(length: number, random: () => number): string {
  const separators = pick(['-', '_', '.', '/', '+', '-_.', '/+', ':', '@', '='], random);
  const parts: string[] = [];
  let size = 0;
  while (size < length) {
    const part = word(random, 1, 6) + separators[Math.floor(random() * separators.length)];
    parts.push(part);
    size += part.length;
  }
  return parts.join('') + pick(['+', '!', '\u0000', ' ', '/', '=', '-', '@', '.'], random);
}

function base64Block(length: number, random: () => number): string {
  const bytes = Buffer.alloc(Math.ceil((length * 3) / 4));
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
  const b64 = bytes.toString('base64');
  const shape = Math.floor(random() * 3);
  if (shape === 0) return b64; // one enormous run
  if (shape === 1) return b64.replace(/.{76}/g, '$&\n'); // MIME lines
  return `-----BEGIN RSA PRIVATE KEY-----\n${b64.replace(/.{64}/g, '$&\n')}\n`; // a key never closed
}

const LOG_TEMPLATES = [
  (r: () => number) => `2025-03-0${1 + Math.floor(r() * 9)}T10:${10 + Math.floor(r() * 49)}:00.123Z ERROR [worker-${Math.floor(r() * 9)}] c.a.Sync: request ${word(r, 32, 40)} failed for jane.doe+${word(r, 3, 6)}@example.com from 10.${Math.floor(r() * 250)}.3.4:8443`,
  (r: () => number) => `\tat org.apache.hadoop.hdfs.${word(r, 4, 9)}.${word(r, 4, 12)}(${word(r, 4, 10)}.java:${Math.floor(r() * 900)})`,
  (r: () => number) => `Caused by: java.io.IOException: token=${word(r, 20, 40)} password=${word(r, 6, 12)} Authorization: Bearer eyJ${word(r, 20, 30)}.${word(r, 20, 30)}.${word(r, 10, 20)}`,
  (r: () => number) => `GET /api/v2/tickets/${Math.floor(r() * 1e6)}?sig=${word(r, 40, 60)}&ts=1706778000 HTTP/1.1 502 call me at +44 20 7946 0958 card 4111 1111 1111 1111`,
  (r: () => number) => `{code:java}${word(r, 10, 30)}{code} [~${word(r, 3, 8)}] [link|https://x.example/${word(r, 5, 10)}] !img-${word(r, 3, 6)}.png! h2. ${word(r, 3, 9)}`,
  (r: () => number) => `<div><p>${word(r, 5, 20)} &amp; ${word(r, 5, 10)}</p><script>var a=${Math.floor(r() * 99)};</script><!-- ${word(r, 5, 9)} --><li class="x">item</li></div>`,
];

function logLines(length: number, random: () => number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < length) {
    const line = pick(LOG_TEMPLATES, random)(random);
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

const OPENERS = ['[', '{', '(', '<', '[~', '{code:', '{noformat', '<script', '<style', '<!--', '<a', '<li', '"', "'", '```', '[[', '{{', '!a', 'eyJ', 'sk-', 'ghp_', '@', 'a@', '.', '=', '/', 'On ', '-->', '</', '&#', 'From:', 'at a.b(', 'http://', 'a://', '#', '::', '1.', '1 ', '1-', '+1 ', '(415) '];

function deepBrackets(length: number, random: () => number): string {
  const unit = pick(OPENERS, random);
  return repeated('', unit, pick(['', 'x', '\n', '>', ']', '}', ')', '\u0000'], random))(length);
}

function longWhitespace(length: number, random: () => number): string {
  const space = pick([' ', '\t', ' \t', '\n', '\r\n', '\u00a0', '\u2028', ' \n'], random);
  const around = pick([['', ''], ['Thanks', 'x'], ['password:', ''], ['call', '4155550132'], ['On Mon', 'wrote:x'], ['x', ''], ['Hi', 'Bob,'], ['v', '1.2.3.4']], random);
  return repeated(around[0], space, around[1])(length);
}

const SCRIPTS = [
  'Привет мир ', 'Γειά σου ', 'مرحبا بالعالم ', 'שלום עולם ', '你好世界', 'こんにちは', '안녕하세요 ', 'नमस्ते ', 'สวัสดี ',
  '👩‍💻🚀 ', 'é', '\u0301', '\u200b', '\u200e', '\u202e', '\u00a0', 'ǅ', 'İ', 'ß', '\ud83d\ude00', 'ﬁ', 'Ⅻ', '１２３',
];

function mixedScripts(length: number, random: () => number): string {
  let s = '';
  while (s.length < length) s += random() < 0.8 ? pick(SCRIPTS, random) : word(random, 1, 8) + pick([' ', '@', '.', '-', '/'], random);
  return s;
}

/** The attack strings `recheck` found for the patterns before issue 24, scaled up. */
const RECHECK_ATTACKS: ((length: number) => string)[] = [
  repeated('Aa0', 'A', '-'), // WORDY_SEGMENT (exponential)
  repeated('abCd3Ef4Gh5Ij6Kl7Mn8Op9Qr0St1Uv2Wx3Yz4Ab5Cd+x/', 'Rs2Tu3Vw4Xy5Za6Bc7De8Fg9Hi0Jk1Lm2No3Pq4'), // the row
  repeated('', 'eyJ00000-'), // JWT
  repeated('sk-projsk-proj-', 'sk-', 'proj-gRoproj-Aoi-\u0000'), // OpenAI key look-aheads
  repeated('0', '0A', '\u0000'), // e-mail domain labels
  repeated('', '=', '\u0000='), // trailing "="
  repeated('MOB\t', '\t', '\u0000MOB'), // phone word
  repeated('', '.', '\u0000.'), // trailing [.:]
  repeated('password: ', '\u0000', 'a\u0000'), // trailing [^a-z]
  repeated('<\u0000', '@\u0000', '<\u0000@@>'), // Name <address>
  repeated('P', '<STYLE\u00000'), // script/style
  repeated('', '<!--'), // HTML comments
  repeated('', '<LI\u0000'), // list items
  repeated('', '<A'), // any tag
  repeated('0'.repeat(1311) + '0.', '0@0', '0\t\u0000@0.0'), // e-mail in fix texts
  repeated('', 'On\r'), // "On … wrote:"
  repeated('', 't:\rFrom:\r', 't:'), // quoted header
  repeated('BR ', ' \t', 'n'), // sign-off
  repeated('N', '{CODE:A', '\n'), // {code} block
  repeated('', '{CODE:'), // wiki macros
  repeated('', '[~', '\n[~]'), // mentions
  repeated('', '[', ']'), // links
  repeated('t', 't\rat t(', '$'), // stack frames
  repeated('', '-', '-.-@+@-.-'), // e-mail in cleaned text
];

export const FAMILIES: readonly Family[] = [
  { name: 'alphanumeric runs with separators and a failing last character', build: alnumRun },
  { name: 'base64 blocks with + and /', build: base64Block },
  { name: 'logs', build: logLines },
  { name: 'deep brackets and unclosed tags', build: deepBrackets },
  { name: 'long whitespace', build: longWhitespace },
  { name: 'mixed scripts', build: mixedScripts },
  ...RECHECK_ATTACKS.map((build, i) => ({ name: `recheck attack #${i + 1}`, build: (length: number) => build(length) })),
];

export interface Sample {
  family: string;
  text: string;
}

export function sampleOf(family: Family, length: number, seed: number): Sample {
  return { family: family.name, text: family.build(length, seededRandom(seed)) };
}

/** A generated adversarial text of `minLength`–`maxLength` characters, from any family. */
export function adversarialText(minLength: number, maxLength: number): fc.Arbitrary<Sample> {
  return fc
    .record({ family: fc.constantFrom(...FAMILIES), length: fc.integer({ min: minLength, max: maxLength }), seed: fc.integer() })
    .map(({ family, length, seed }) => sampleOf(family, length, seed));
}
