/**
 * Calibration of the tone threshold on public data in /work/shared/data (read-only, never copied
 * into the project): plain banking questions (banking77) should rarely read as hostile, customer
 * tweets to support accounts (IBM twitter-customer-care) clearly more often.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { isNegativeTone } from '@/lib/analysis/team';

const BANKING = '/work/shared/data/banking77/test.csv';
const TWITTER = ['dev.json', 'test.json'].map((f) => `/work/shared/data/ibm-twitter-customer-care/${f}`);
const present = existsSync(BANKING) && TWITTER.every((f) => existsSync(f));
if (!present) console.warn(`tone calibration skipped: real data not found (${BANKING}, ${TWITTER.join(', ')})`);

interface Conversation {
  dialogContent: { client?: string; agent?: string; message: string }[];
}

describe.skipIf(!present)('tone threshold on real data', () => {
  it('flags few neutral questions and more customer complaints', () => {
    const banking = (parse(readFileSync(BANKING), { columns: true }) as { text: string }[]).map((r) => r.text);
    const messages = TWITTER.flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as Conversation[]).flatMap((c) => c.dialogContent);
    const clean = (m: string) => m.replace(/@\w+/g, '').replace(/https?:\S+/g, '');
    const customers = messages.filter((m) => m.client).map((m) => clean(m.message));
    const rate = (texts: string[]) => texts.filter(isNegativeTone).length / texts.length;

    const bankingRate = rate(banking);
    const customerRate = rate(customers);
    const pct = (r: number) => `${(100 * r).toFixed(1)}%`;
    console.log(
      `negative tone: banking77 ${pct(bankingRate)} of ${banking.length}, ` +
        `twitter customers ${pct(customerRate)} of ${customers.length}`,
    );
    expect(banking.length).toBeGreaterThan(1000);
    expect(bankingRate).toBeLessThan(0.05);
    expect(customerRate).toBeGreaterThan(2 * bankingRate);
  });
});
