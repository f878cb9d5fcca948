/**
 * The patterns rewritten for linear time (issue 24) do what the originals did. Each property
 * runs the original — kept here as the reference — and the rewrite on generated inputs short
 * enough for the original's backtracking, built from the fragments each pattern reacts to.
 * Where a rewrite narrows a pattern on purpose, the reference carries the same narrowing and the
 * test says so.
 */
/* eslint-disable regexp/no-super-linear-backtracking -- the original patterns are the references */
import fc from 'fast-check';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { words as stopWordList } from 'natural/lib/natural/util/stopwords.js';
import { describe, expect, it } from 'vitest';
import { nextLink } from '@/ingest/connectors/http';
import { cleanText, htmlToText } from '@/ingest/sources/text';
import { normalizeFixText } from '@/lib/analysis/fix-signature';
import { cleanTicketText } from '@/lib/analysis/topics/clean';
import { shortenIdentifiers, stripMachineLines } from '@/lib/analysis/topics/line-shape';
import { PLACEHOLDER_PATTERN } from '@/lib/redact/kinds';
import { looksRandom, redactHighEntropy } from '@/lib/redact/high-entropy';
import { normalizeIdentity } from '@/lib/redact/pseudonymous-key';
import { replaceMatches } from '@/lib/redact/replace-matches';
import { redactSecrets } from '@/lib/redact/secret';

const RUNS = 2_000;
/** Strings of up to `max` fragments. */
const textOf = (fragments: string[], max: number) => fc.array(fc.constantFrom(...fragments), { maxLength: max }).map((parts) => parts.join(''));
const same = <T>(input: fc.Arbitrary<T>, original: (x: T) => unknown, rewrite: (x: T) => unknown) =>
  fc.assert(
    fc.property(input, (x) => {
      expect(rewrite(x)).toEqual(original(x));
    }),
    { numRuns: RUNS },
  );

describe('high-entropy secrets: the word-like path segment', () => {
  const ORIGINAL_WORDY_SEGMENT = /^(?:[a-z]{2,}|[A-Z][a-z]+)(?:[-_.]?[A-Za-z0-9]+)*$/;
  const REWRITE_WORDY_SEGMENT = /^[A-Za-z][a-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*$/;
  const segment = textOf(['a', 'b', 'Q', 'Zz', '7', '0', '-', '_', '.', '+', '='], 14);

  it('accepts exactly the segments the original accepted', () => {
    same(segment, (s) => ORIGINAL_WORDY_SEGMENT.test(s), (s) => REWRITE_WORDY_SEGMENT.test(s));
  });

  it('redacts runs with slashes exactly as before', () => {
    const RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,}={0,2}(?![A-Za-z0-9+/_-])/g;
    function original(text: string): string {
      if (text.length < 32) return text;
      const isPathLike = (run: string) => run.includes('/') && run.split('/').filter((s) => ORIGINAL_WORDY_SEGMENT.test(s)).length >= 2;
      return replaceMatches(text, RUN, (m) => {
        const run = m[0];
        if (!isPathLike(run)) return looksRandom(run) ? '[secret]' : null;
        const segments = run.split('/').map((s) => (looksRandom(s) ? '[secret]' : s));
        return segments.includes('[secret]') ? segments.join('/') : null;
      }).text;
    }
    const segments = fc.array(fc.oneof(segment, fc.stringMatching(/^[A-Za-z0-9]{8,14}$/)), { minLength: 1, maxLength: 6 }).map((s) => s.join('/'));
    same(fc.array(segments, { maxLength: 3 }).map((runs) => runs.join(' ')), original, (t) => redactHighEntropy(t).text);
  });

  it('still takes the reproduction of issue 24 for one secret, in no time', () => {
    const started = performance.now();
    const text = 'signature: abCd3Ef4Gh5Ij6Kl7Mn8Op9Qr0St1Uv2Wx3Yz4Ab5Cd+x/Rs2Tu3Vw4Xy5Za6Bc7De8Fg9Hi0Jk1Lm2No3Pq4';
    expect(redactHighEntropy(text).text).toBe('signature: [secret]');
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('secrets with a prefix', () => {
  // Texts under 32 characters without a key word: only the step under test can fire.
  it('JSON Web Tokens', () => {
    const ORIGINAL = /\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/g;
    const text = textOf(['eyJ', 'abc', 'A1', '-', '_', '.', '0', 'x', ' '], 10).filter((t) => t.length < 32);
    same(text, (t) => t.replace(ORIGINAL, '[secret]'), (t) => redactSecrets(t).text);
  });

  it('OpenAI keys (the look for a digit and a capital is bounded at 200 characters; these are shorter)', () => {
    const ORIGINAL = /\bsk-(?:proj-|svcacct-|admin-)?(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Z])[A-Za-z0-9_-]{20,}/g;
    const text = textOf(['sk-', 'proj-', 'A', 'b', '1', '_', '-', ' ', 'x', 'abcd'], 12).filter((t) => t.length < 32);
    same(text, (t) => t.replace(ORIGINAL, '[secret]'), (t) => redactSecrets(t).text);
  });

  it('assignment values keep their trailing full stop or colon, and prose stays prose', () => {
    expect(redactSecrets('my password: hunter2.').text).toBe('my password: [secret].');
    expect(redactSecrets('password: expired...').text).toBe('password: expired...');
    expect(redactSecrets('password: ' + '1'.repeat(50_000) + 'a').text).toBe('password: [secret]');
  });
});

describe('requester identities', () => {
  it('take the address out of "Name <address>" as before', () => {
    const ORIGINAL = (value: string) => {
      let v = value.normalize('NFC').trim();
      const angle = /<([^<>\s]+@[^<>\s]+)>$/.exec(v);
      if (angle) v = angle[1];
      return v.replace(/^mailto:/i, '').trim().toLowerCase();
    };
    same(textOf(['<', '>', '@', 'a', 'B', ' ', 'x@y', 'mailto:', 'Jo Doe '], 12), ORIGINAL, normalizeIdentity);
  });
});

describe('ticket text cleaning', () => {
  // The original, with the three narrowings the rewrite makes on purpose: wiki macro parameters
  // and mention/link texts stop at an opening brace or bracket (so `[[[…` and `{code:{code:…`
  // are not rescanned from every bracket).
  const CUT_REST = [
    /^[ \t]*On\b[^\n]{0,200}?(?:\n[^\n]{0,200}?)?\bwrote:[ \t]*$/m,
    /^[ \t]*-{2,}[ \t]*(?:Original|Forwarded) Message[ \t]*-{2,}/im,
    /^[ \t]*From:[^\n]*\n(?:[^\n]*\n)?[ \t]*(?:Sent|Date):/m,
    /^[ \t]*-- ?[ \t]*$/m,
    /^[ \t]*Sent from my [^\n]{0,40}$/im,
    /^[ \t]*Get Outlook for [^\n]{0,30}$/im,
    /^[ \t]*(?:(?:[Bb]est|[Kk]ind|[Ww]arm|[Mm]any)(?: [Rr]egards| [Ww]ishes| [Tt]hanks)?|[Rr]egards|[Tt]hanks|[Tt]hank you|[Tt]hx|[Cc]heers|[Ss]incerely|[Yy]ours (?:truly|sincerely)|BR)\b[ \t]*[,.!]?[ \t]*(?:[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*){0,2})?[ \t]*$/m,
    /^[ \t]*(?:CONFIDENTIALITY NOTICE|DISCLAIMER|This (?:e-?mail|message) (?:and any attachments |\(including any attachments\) )?(?:is|are|may be) (?:confidential|intended))/im,
  ];
  const REMOVE: [RegExp, string][] = [
    [PLACEHOLDER_PATTERN, ' '],
    [/\{(code|noformat)(?::[^{}\n]*)?\}[\s\S]*?(?:\{\1\}|$)/gi, '\n'], // narrowed: [^{}\n]
    [/```[\s\S]*?(?:```|$)/g, '\n'],
    [/\{(?:quote|color|panel|noformat|code)(?::[^{}\n]*)?\}/gi, ' '], // narrowed: [^{}\n]
    [/\[~[^[\]\n]*\]/g, ' '], // narrowed: [^[\]\n]
    [/\[([^[|\]\n]*)\|[^[\]\n]*\]/g, '$1'], // narrowed: [^[|\]\n], [^[\]\n]
    [/![^!\s][^!\n]*!/g, ' '],
    [/^[ \t]*h[1-6]\.[ \t]/gm, ''],
    [/^[ \t]*at [\w$.<>]+\([^)\n]*\)[ \t]*$/gm, ''],
    [/^[ \t]*>[^\n]*$/gm, ''],
    [/^[ \t]*##- Please type your reply above this line -##[^\n]*$/gim, ''],
    [/^[ \t]*(?:\[(?:EXTERNAL|EXT)\]|(?:EXTERNAL|EXT):)[ \t]*/gm, ''],
    [/^[ \t]*CAUTION: This (?:e-?mail|message) originated from outside[^\n]*$/gim, ''],
    [/\b(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>"')\]]+/gi, ' '],
    [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, ' '],
    [
      /^[ \t]*(?:hi|hello|hey|hiya|dear|greetings|good (?:morning|afternoon|evening))\b(?:[ \t]+(?:there|all|team|everyone|folks|guys|support(?: team)?|sir(?: or madam)?|madam|[A-Z][a-z]+(?=[ \t]*[,!:])))?[ \t]*[,.!:-]*/gim,
      '\n',
    ],
  ];
  function original(raw: string): string {
    let text = raw.replace(/\r\n?/g, '\n');
    for (const [pattern, replacement] of REMOVE) text = text.replace(pattern, replacement);
    for (const pattern of CUT_REST) {
      const match = pattern.exec(text);
      if (match && match.index > 0) text = text.slice(0, match.index);
    }
    // The machine-text steps after the patterns are linear by construction (line-shape.ts).
    return shortenIdentifiers(stripMachineLines(text));
  }
  const fragments = [
    'On ', 'Mon, Ann ', 'wrote:', '\n', ' ', '\t', 'Thanks', 'Best regards', 'Kind', ',', '.', '!', 'Ann', 'Lee', '--', '-- ',
    'From: x', 'Sent: y', '[', ']', '|', '~', '{code}', '{code:java}', '{quote}', '```', 'a@b.com', 'x.y', '+', '-', 'word',
    'Hi team', '>', 'at a.B(c)', 'http://x.y/z', 'EXT:', '!img.png!', '[email]', 'a', '@',
  ];

  it('cuts and removes what the original did', () => {
    same(textOf(fragments, 30), original, cleanTicketText);
  });

  it('cuts at the same sign-off, signature separator and quoted header', () => {
    const signOff = textOf(['\n', 'Thanks', 'Best regards', 'Cheers', ',', '.', '!', ' ', '\t', 'Ann', 'Lee', 'x', 'word', '--', '-- '], 16);
    same(signOff.map((t) => 'The export fails.\n' + t), original, cleanTicketText);
    const quoteHeader = textOf(['\n', 'On ', 'wrote:', ' ', '\t', 'x', 'Mon,', 'a'.repeat(120), 'From: ', 'Sent:'], 12);
    same(quoteHeader.map((t) => 'The export fails.\n' + t), original, cleanTicketText);
  });

  it('removes the same e-mail addresses, mentions, links and macros', () => {
    same(textOf(['a', 'b.c', '@', '.', '+', '-', '_', ' ', 'x@y.z', '[', ']', '|', '~', '{code', '{quote', ':', '}', '\n'], 24), original, cleanTicketText);
  });

  it('treats U+2028 and U+2029 as line breaks (the one change on purpose)', () => {
    expect(cleanTicketText('The export fails.\u2028Thanks,\u2029Ann')).toBe(cleanTicketText('The export fails.\nThanks,\nAnn'));
  });
});

describe('fix texts', () => {
  const STOP_WORDS = new Set(stopWordList.filter((w) => !['not', 'no', 'never'].includes(w) && !/^\d$/.test(w)));
  function original(text: string): string[] {
    const cleaned = text
      .toLowerCase()
      .replace(/https?:\/\/\S+/g, ' url ')
      .replace(/\S+@\S+\.\w+/g, ' email ')
      .replace(/@\w+/g, ' user ')
      .replace(/\b(hi|hello|hey|dear)\s+[a-z]+/g, ' ')
      .replace(/\b(regards|cheers|thanks|thank you|best)[\s,.!]+[a-z]+[.!]*\s*$/g, ' ');
    const tokens: string[] = [];
    for (const raw of cleaned.match(/[a-z0-9]+/g) ?? []) {
      const digits = raw.replace(/\D/g, '').length;
      if (digits === raw.length || (digits >= 2 && raw.length >= 6)) tokens.push('#');
      else if (!STOP_WORDS.has(raw)) tokens.push(PorterStemmer.stem(raw));
    }
    return tokens;
  }

  it('normalise as before, e-mail addresses included', () => {
    same(textOf(['a', 'B', '@', '.', 'x', '_', '-', ' ', 'thanks', 'hi', 'bob', 'http://q', '1', '2', 'restarted', '!', '\u00e9'], 30), original, normalizeFixText);
  });
});

describe('HTML bodies', () => {
  // The original, verbatim.
  const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', copy: '©', reg: '®', euro: '€' };
  function decodeEntity(match: string, body: string): string {
    if (body.charCodeAt(0) === 35) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : match;
    }
    return NAMED[body.toLowerCase()] ?? match;
  }
  function original(html: string): string {
    if (html.indexOf('<') === -1 && html.indexOf('&') === -1) return cleanText(html);
    const text = html
      .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/\r\n?|\n/g, ' ')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<li\b[^>]*>/gi, '\n- ')
      .replace(/<\/(p|div|tr|h[1-6]|blockquote|pre|table|ul|ol)\s*>/gi, '\n')
      .replace(/<\/?[A-Za-z][^>]*>/g, '')
      .replace(/&(#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});/g, decodeEntity)
      .replace(/[ \t\u00a0]+/g, ' ')
      .replace(/ ?\n ?/g, '\n')
      .replace(/\n{3,}/g, '\n\n');
    return cleanText(text);
  }
  const fragments = [
    '<script>', '</script>', '<style a=1>', '</style >', '<SCRIPT', '</Script>', '<scripts>', '<!--', '-->', '<!-->', '<a', '<a href="x">', '</a>',
    '<li>', '<LI class=x>', '<br/>', '</p>', '<p>', '>', '<', 'text', ' ', '\n', '&amp;', '&#65;', '<b', '-', '!',
  ];

  it('become the same text as before', () => {
    same(textOf(fragments, 25), original, htmlToText);
  });

  it('drop the same script and style elements, closed or not', () => {
    same(textOf(['<script', '<style', '<SCRIPT', '>', '</script>', '</style>', '</STYLE >', ' ', 'x', '<', 'a=1', '-->', '<!--'], 16), original, htmlToText);
  });
});

describe('patterns outside ticket text', () => {
  it('git log lines', () => {
    const ORIGINAL = /^(?:[0-9a-f]{7,40}\s+)?(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}\s*(?:[+-]\d{2}:?\d{2}|Z)?)(?:\s+(.*))?$/;
    const REWRITE = /^(?:[0-9a-f]{7,40}\s+)?(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\s*(?:[+-]\d{2}:?\d{2}|Z))?)(?:\s+(\S.*))?$/;
    const view = (m: RegExpExecArray | null) => (m === null ? null : [m[1].trim(), m[2]]);
    const line = textOf(['2024-01-02 03:04:05', ' ', '+0100', '+01:00', 'Z', '(tag: v1)', 'abc1234 ', 'HEAD', '\t', ' -> ', ','], 8).map((l) => l.trim());
    same(line, (l) => view(ORIGINAL.exec(l)), (l) => view(REWRITE.exec(l)));
  });

  it('Link headers', () => {
    const original = (link: string) => {
      for (const part of link.split(/,(?=\s*<)/)) {
        const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
        if (m && /(^|;)\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(m[2])) return m[1];
      }
      return null;
    };
    const header = textOf(['<https://x/1>', '<https://x/2>', ';', ' ', 'rel', '=', '"', 'next', 'NEXT', 'last', ',', 'title=a'], 12);
    same(header, original, (link) => nextLink(new Headers({ link })));
  });

  it('the phone-word and version-context tails', () => {
    const tails = textOf([' ', '\t', ':', '#', '-', 'x'], 8);
    same(tails, (t) => /call\s*[:#-]?\s*$/.test('call' + t), (t) => /call\s*(?:[:#-]\s*)?$/.test('call' + t));
    same(tails, (t) => /v\s*[:=]?\s*$/.test('v' + t), (t) => /v\s*(?:[:=]\s*)?$/.test('v' + t));
  });
});
