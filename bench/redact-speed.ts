/**
 * Throughput of `redactText` (target: ≥ 20 MB/s on typical ticket text). Three inputs, each
 * timed for a few rounds (best and median: the machine is shared, the load average is printed):
 * - generated ticket text (~600 bytes each: prose, versions, dates, ids, error codes, and a PII
 *   item in one ticket of five);
 * - the same, dense: every ticket has an e-mail, phone, card, IP, key and URL with credentials;
 * - real text when present: summaries and descriptions of
 *   /work/shared/data/hadoop-jira-bugs/hadoop_bugs.csv (stack traces, paths, hashes) and the
 *   messages of /work/shared/data/ibm-twitter-customer-care/{dev,test}.json (customer tweets).
 *
 *   npx tsx bench/redact-speed.ts [tickets=20000] [rounds=3]
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parse } from 'csv-parse/sync';
import { addCounts, emptyCounts, type PiiCounts, type PiiKind } from '@/lib/redact/kinds';
import { redactText } from '@/lib/redact/redact-text';

const HADOOP = '/work/shared/data/hadoop-jira-bugs/hadoop_bugs.csv';
const IBM = ['/work/shared/data/ibm-twitter-customer-care/dev.json', '/work/shared/data/ibm-twitter-customer-care/test.json'];

const WORDS = (
  'the login page fails after password reset and the invoice export shows an error when I click sync on the mobile app ' +
  'dashboard report is slow since yesterday please help customer cannot access account refund payment timeout crash'
).split(' ');
const FACTS = ['version 5.14.2', 'on 2026-03-02 at 10:30', 'ticket #48213', 'HTTP 502', 'error 0x80070005', 'order 123456789', 'build 10.0.19041.1'];
const PII: [PiiKind, string][] = [
  ['email', 'write to jane.doe+billing@example.co.uk'],
  ['phone', 'call +44 20 7946 0958'],
  ['card', 'card 4111 1111 1111 1111'],
  ['ip', 'from 203.0.113.42'],
  ['secret', 'key sk_live_51FAKEexampleKEYfor0TESTS0only'],
  ['url-credentials', 'see https://svc:Hunter2Pass@files.example.net/q1.zip'],
];

/** Generated texts and how many of each kind were put in (the redactor must find exactly those). */
function generate(tickets: number, dense: boolean): { texts: string[]; inserted: PiiCounts } {
  const out: string[] = [];
  const inserted = emptyCounts();
  for (let i = 0; i < tickets; i++) {
    const parts: string[] = [];
    for (let k = 0; parts.join(' ').length < 560; k++) {
      parts.push(WORDS[(i * 7 + k * 13) % WORDS.length]);
      if (k % 17 === 5) parts.push(FACTS[(i + k) % FACTS.length]);
    }
    for (const [kind, text] of dense ? PII : i % 5 === 0 ? [PII[i % PII.length]] : []) {
      parts.push(text);
      inserted[kind]++;
    }
    out.push(parts.join(' ') + '.');
  }
  return { texts: out, inserted };
}

function hadoopTexts(): string[] | null {
  if (!existsSync(HADOOP)) return null;
  const rows = parse(readFileSync(HADOOP), { columns: true, relax_column_count: true, bom: true }) as Record<string, string>[];
  return rows.flatMap((r) => [r.Summary ?? '', r.Description ?? '']).filter((t) => t !== '');
}

function ibmTexts(): string[] | null {
  if (!IBM.every(existsSync)) return null;
  const texts: string[] = [];
  for (const file of IBM) {
    for (const conversation of JSON.parse(readFileSync(file, 'utf8')) as { dialogContent?: { message?: string }[]; agentURL?: { url_utterance?: string } }[]) {
      for (const m of conversation.dialogContent ?? []) if (m.message) texts.push(m.message);
      if (conversation.agentURL?.url_utterance) texts.push(conversation.agentURL.url_utterance);
    }
  }
  return texts;
}

function time(label: string, texts: string[], rounds: number, inserted?: PiiCounts): void {
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const rates: number[] = [];
  let counts: PiiCounts = emptyCounts();
  for (let r = 0; r < rounds; r++) {
    counts = emptyCounts();
    const started = performance.now();
    for (const t of texts) addCounts(counts, redactText(t).counts);
    const rate = bytes / 1e6 / ((performance.now() - started) / 1000);
    rates.push(rate);
    console.log(`  round ${r + 1}: ${rate.toFixed(1)} MB/s (load average ${loadavg()[0].toFixed(2)})`);
  }
  rates.sort((a, b) => a - b);
  console.log(
    `${label}: ${texts.length} texts, ${(bytes / 1e6).toFixed(1)} MB — best ${rates[rates.length - 1].toFixed(1)} MB/s, ` +
      `median ${rates[Math.floor(rates.length / 2)].toFixed(1)} MB/s; redacted ${JSON.stringify(counts)}`,
  );
  if (inserted && JSON.stringify(counts) !== JSON.stringify(inserted)) console.log(`  MISMATCH: inserted ${JSON.stringify(inserted)}`);
}

const tickets = Number(process.argv[2] ?? 20_000);
const rounds = Number(process.argv[3] ?? 3);
if (!Number.isInteger(tickets) || tickets <= 0 || !Number.isInteger(rounds) || rounds <= 0) {
  console.error('usage: npx tsx bench/redact-speed.ts [tickets] [rounds]');
  process.exit(2);
}
const typical = generate(tickets, false);
time('generated, typical', typical.texts, rounds, typical.inserted);
const dense = generate(Math.ceil(tickets / 4), true);
time('generated, dense PII', dense.texts, rounds, dense.inserted);
const hadoop = hadoopTexts();
if (hadoop) time('hadoop_bugs.csv summaries+descriptions', hadoop, rounds);
else console.log(`Jira text: skipped — ${HADOOP} is not present on this machine.`);
const ibm = ibmTexts();
if (ibm) time('IBM customer-care tweets', ibm, rounds);
else console.log(`Tweets: skipped — ${IBM.join(' / ')} are not present on this machine.`);
