/**
 * Replaces personal data and secrets in free text with typed placeholders (`[email]`, `[phone]`,
 * `[card]`, `[ip]`, `[secret]`, `[url-credentials]`), for ticket subjects, descriptions,
 * resolutions and comment bodies before they are stored.
 *
 * Detectors run in a fixed order, each on the previous one's output: URL credentials first (they
 * contain an `@` the e-mail detector would take), then e-mails, secrets, IP addresses, cards and
 * phones last (the loosest digit patterns see only what the stricter ones left). Placeholders
 * hold no digit, `@`, `:` or `.`, so redacting twice gives the same text (a property test checks
 * this on generated mixes of PII, look-alikes and noise). Each detector starts with a cheap test
 * (an `@`, `://`, a digit run…) so text without such characters costs little: ~50 MB/s on
 * typical ticket text, see bench/redact-speed.ts. Pure: no Node APIs, usable in the browser.
 */
import { redactCards } from './card';
import { redactEmails } from './email';
import { redactIps } from './ip';
import { emptyCounts, PII_KINDS, type PiiCounts, type PiiKind, type RedactOptions } from './kinds';
import { redactPhones } from './phone';
import type { Redaction } from './replace-matches';
import { redactSecrets } from './secret';
import { redactUrlCredentials } from './url-credentials';

const DETECTORS: readonly { kind: PiiKind; redact: (text: string) => Redaction }[] = [
  { kind: 'url-credentials', redact: redactUrlCredentials },
  { kind: 'email', redact: redactEmails },
  { kind: 'secret', redact: redactSecrets },
  { kind: 'ip', redact: redactIps },
  { kind: 'card', redact: redactCards },
  { kind: 'phone', redact: redactPhones },
];

const MAX_ROUNDS = 3;
// A placeholder with something other than a space or punctuation right before or after it.
const GLUED = Object.fromEntries(
  PII_KINDS.map((kind) => [kind, new RegExp(`[^\\s,;(\\[{<"']\\[${kind}\\]|\\[${kind}\\][^\\s,;.!?)\\]}>"']`)]),
) as Record<PiiKind, RegExp>;

export interface RedactedText {
  text: string;
  counts: PiiCounts;
}

export function redactText(text: string, options: RedactOptions = {}): RedactedText {
  const counts = emptyCounts();
  const enabled = options.kinds ?? PII_KINDS;
  for (const detector of DETECTORS) {
    if (!enabled.includes(detector.kind)) continue;
    // A placeholder glued to other text can expose a match that was glued to the one just
    // replaced ("+9@jane.doe+billing@x.com"), so the detector then looks once more.
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const result = detector.redact(text);
      text = result.text;
      counts[detector.kind] += result.count;
      if (result.count === 0 || !GLUED[detector.kind].test(text)) break;
    }
  }
  return { text, counts };
}
