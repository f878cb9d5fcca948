/**
 * Strip what every ticket contains whatever its topic: quoted replies, signatures, e-mail
 * boilerplate, Jira wiki markup and code blocks, pasted machine text (line-shape.ts), URLs,
 * addresses and identifiers. What is left is the customer's own words, in their original case.
 * This is the part that needs no other ticket; hygiene.ts adds what the whole export reveals
 * (the desk's own @handles, boilerplate lines).
 */

import { PLACEHOLDER_PATTERN } from '@/lib/redact/kinds';
import { shortenIdentifiers, stripMachineLines } from './line-shape';

// Everything after one of these is a previous message or a signature, never the new request.
// Each rule names what a text must contain (lower-cased) for it to apply: most texts contain none
// of these, and skipping a regex is cheaper than running it.
const CUT_REST: readonly Rule[] = [
  // Gmail / Apple Mail: "On Tue, 3 Jan 2023 at 10:00, Ann <ann@x.com> wrote:" (may wrap once).
  // Two branches rather than an optional line break inside the lazy run, so a line is scanned
  // once per branch instead of once per split point.
  [/^[ \t]*On\b(?:[^\n]{0,200}?|[^\n]{0,200}\n[^\n]{0,200}?)\bwrote:[ \t]*$/m, '', 'wrote:'],
  [/^[ \t]*-{2,}[ \t]*(?:Original|Forwarded) Message[ \t]*-{2,}/im, '', ' message'],
  // Outlook: "From: … / Sent: …" header block of the quoted message.
  [/^[ \t]*From:[^\n]*\n(?:[^\n]*\n)?[ \t]*(?:Sent|Date):/m, '', 'from:'],
  [/^[ \t]*--[ \t]*$/m, '', '--'], // RFC 3676 signature separator
  [/^[ \t]*Sent from my [^\n]{0,40}$/im, '', 'sent from my'],
  [/^[ \t]*Get Outlook for [^\n]{0,30}$/im, '', 'get outlook'],
  // A sign-off alone on a short line: "Best regards," "Thanks!" "Kind regards, Ann Lee".
  // Case-sensitive on purpose: the name after it must be capitalised, so "thanks the app
  // crashes" on its own line is not mistaken for a sign-off.
  [
    /^[ \t]*(?:(?:[Bb]est|[Kk]ind|[Ww]arm|[Mm]any)(?: [Rr]egards| [Ww]ishes| [Tt]hanks)?|[Rr]egards|[Tt]hanks|[Tt]hank you|[Tt]hx|[Cc]heers|[Ss]incerely|[Yy]ours (?:truly|sincerely)|BR)\b[ \t]*(?:[,.!][ \t]*)?(?:[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*){0,2}[ \t]*)?$/m,
    '',
  ],
  [
    /^[ \t]*(?:CONFIDENTIALITY NOTICE|DISCLAIMER|This (?:e-?mail|message) (?:and any attachments |\(including any attachments\) )?(?:is|are|may be) (?:confidential|intended))/im,
    '',
    ['confidential', 'disclaimer', 'intended'],
  ],
];

/** A pattern, its replacement, and what a text must contain (lower-cased) for it to apply. */
type Rule = readonly [RegExp, string | ((match: string) => string), (string | readonly string[])?];

function applies(hint: Rule[2], lower: string): boolean {
  if (hint === undefined) return true;
  return typeof hint === 'string' ? lower.includes(hint) : hint.some((h) => lower.includes(h));
}

const REMOVE: readonly Rule[] = [
  // Placeholders left by PII redaction at ingest ([email], [phone]…): not the words.
  [PLACEHOLDER_PATTERN, ' ', '['],
  // Jira / Confluence code and log blocks: stack traces and config dumps are not the words.
  // (Macro parameters stop at a `{`, so an unclosed `{code:` is not rescanned from every `{`.)
  [/\{(code|noformat)(?::[^{}\n]*)?\}[\s\S]*?(?:\{\1\}|$)/gi, '\n', '{'],
  // Markdown fenced code.
  [/```[\s\S]*?(?:```|$)/g, '\n', '```'],
  // Other wiki macros keep their content: {quote}…{quote}, {color:red}…{color}, {panel:…}.
  [/\{(?:quote|color|panel|noformat|code)(?::[^{}\n]*)?\}/gi, ' ', '{'],
  // Brackets stop at a `[` too: `[[[[…` would otherwise be rescanned from every `[`.
  [/\[~[^[\]\n]*\]/g, ' ', '[~'], // [~user] mentions
  [/\[([^[|\]\n]*)\|[^[\]\n]*\]/g, '$1', '|'], // [text|url] links keep their text
  [/![^!\s][^!\n]*!/g, ' ', '!'], // !image.png|thumbnail!
  [/^[ \t]*h[1-6]\.[ \t]/gm, '', ['h1.', 'h2.', 'h3.', 'h4.', 'h5.', 'h6.']],
  // Java-style stack frames outside code blocks: "at org.apache.Foo.bar(Foo.java:12)".
  [/^[ \t]*at [\w$.<>]+\([^)\n]*\)[ \t]*$/gm, '', 'at '],
  [/^[ \t]*>[^\n]*$/gm, '', '>'], // quoted reply lines
  [/^[ \t]*##- Please type your reply above this line -##[^\n]*$/gim, '', '##-'],
  [/^[ \t]*(?:\[(?:EXTERNAL|EXT)\]|(?:EXTERNAL|EXT):)[ \t]*/gm, '', 'ext'], // mail gateways' subject tags
  [/^[ \t]*CAUTION: This (?:e-?mail|message) originated from outside[^\n]*$/gim, '', 'caution:'],
  [/\b(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>"')\]]+/gi, ' ', ['://', 'www.']],
  // A run of address characters is taken whole, with or without an address after it (kept when
  // without): a run with no `@` after it fails from each of its characters alike, and retrying
  // them all is quadratic in the run's length.
  [/[\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?/g, (run: string) => (run.includes('@') ? ' ' : run), '@'],
  // Opening greeting with its addressee ("Hi team,", "Hello support team!", "Dear Sir or Madam,").
  [
    /^[ \t]*(?:hi|hello|hey|hiya|dear|greetings|good (?:morning|afternoon|evening))\b(?:[ \t]+(?:there|all|team|everyone|folks|guys|support(?: team)?|sir(?: or madam)?|madam|[A-Z][a-z]+(?=[ \t]*[,!:])))?[ \t]*[,.!:-]*/gim,
    '\n',
  ],
];

/**
 * Remove quoted replies, signatures, boilerplate, markup, code blocks, pasted logs and code,
 * URLs and e-mail addresses.
 */
export function cleanTicketText(raw: string): string {
  // Unicode line and paragraph separators end a line for `^`/`$` too: one kind of line break only.
  let text = /[\r\u2028\u2029]/.test(raw) ? raw.replace(/\r\n?|[\u2028\u2029]/g, '\n') : raw;
  const lower = text.toLowerCase();
  for (const [pattern, replacement, hint] of REMOVE) {
    if (!applies(hint, lower)) continue;
    text = typeof replacement === 'string' ? text.replace(pattern, replacement) : text.replace(pattern, replacement);
  }
  for (const rule of CUT_REST) {
    if (!applies(rule[2], lower)) continue;
    const match = rule[0].exec(text);
    // A reply that *starts* with a quote or a sign-off keeps its text: cutting would leave nothing.
    if (match && match.index > 0) text = text.slice(0, match.index);
  }
  return shortenIdentifiers(stripMachineLines(text));
}

export interface TicketTextInput {
  subject?: string | null;
  description?: string | null;
  /** Kept only when it is prose (an agent's note), not a status name such as "Fixed". */
  resolution?: string | null;
}

const MIN_RESOLUTION_WORDS = 4;

/**
 * The text a ticket is clustered on. The subject is repeated `subjectWeight` times (on its own
 * lines, so no bigram spans the copies): it is the customer's own summary of the issue, while
 * descriptions are long and padded, so giving it the weight of a few description words makes
 * short and long tickets about the same thing land together.
 */
export function ticketText(ticket: TicketTextInput, subjectWeight = 2): string {
  const parts: string[] = [];
  const subject = ticket.subject?.trim();
  if (subject) for (let i = 0; i < subjectWeight; i++) parts.push(subject);
  const description = ticket.description?.trim();
  if (description) parts.push(description);
  const resolution = ticket.resolution?.trim();
  if (resolution && resolution.split(/\s+/).length >= MIN_RESOLUTION_WORDS) parts.push(resolution);
  return parts.join('\n');
}
