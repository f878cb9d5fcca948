import { describe, expect, it } from 'vitest';
import { labelTopics } from '@/lib/analysis/topics/labels';
import { tokenizeCorpus } from '@/lib/analysis/topics/text';

describe('labelTopics (c-TF-IDF)', () => {
  // "account" is frequent in both topics; each topic's own words are rarer overall.
  const texts = [
    'account refund requested for the account',
    'refund not received on my account',
    'refunds are missing from the account',
    'account refund pending',
    'account login blocked',
    'login blocked on account again',
    'account login blocked after update',
    'blocked login to account',
  ];
  const corpus = tokenizeCorpus(texts);
  const labels = labelTopics(corpus, [Int32Array.from([0, 1, 2, 3]), Int32Array.from([4, 5, 6, 7])]);

  it('ranks what is specific to a topic above what is frequent everywhere', () => {
    expect(labels[0].keywords[0].text).toBe('refund');
    expect(labels[1].keywords.slice(0, 2).map((k) => k.text)).toEqual(expect.arrayContaining(['login']));
    const accountWeight = labels[0].keywords.find((k) => k.text === 'account')?.weight ?? 0;
    expect(accountWeight).toBeLessThan(labels[0].keywords[0].weight);
  });

  it('follows the c-TF-IDF formula: tf / Σtf of the topic × log(1 + A / f)', () => {
    // After stop words, topic 0 reads "account refund requested account | refund not received
    // account | refunds missing account | account refund pending": 14 words, 10 bigrams and
    // 6 trigrams (30 n-grams); topic 1 has 14 words too, so A = 14. "refund" occurs 4 times,
    // all in topic 0 (f = 4).
    const refund = labels[0].keywords.find((k) => k.term === 'refund')!;
    expect(refund.weight).toBeCloseTo((4 / 30) * Math.log(1 + 14 / 4), 4);
  });

  it('labels with the words customers wrote, not stems', () => {
    const all = labels.flatMap((l) => [l.label, ...l.keywords.map((k) => k.text)]).join(' ');
    expect(all).not.toMatch(/\brequest\b|\bblock\b|\breceiv\b/);
    expect(labels[0].label).toMatch(/refund/);
    expect(labels[1].label).toMatch(/login blocked|blocked login|login|blocked/);
    for (const l of labels) expect(l.label.split(/[ ,]+/).length).toBeLessThanOrEqual(4);
  });

  it('keeps keyphrases of up to three words', () => {
    const phrases = labels.flatMap((l) => l.keywords.map((k) => k.text.split(' ').length));
    expect(Math.max(...phrases)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...phrases)).toBeLessThanOrEqual(3);
  });
});
