import { describe, expect, it } from 'vitest';
import { cleanTicketText, ticketText } from '@/lib/analysis/topics/clean';
import { countLabelSupport, labelStemIds } from '@/lib/analysis/topics/label-support';
import { phraseLabels } from '@/lib/analysis/topics/phrase-labels';
import { tokenizeCorpus } from '@/lib/analysis/topics/text';

/** Two topics whose subjects share a phrase, written with varying casing and extra words. */
const tickets = [
  { subject: 'Blank PDF invoices', description: 'The invoice PDF we download is empty.' },
  { subject: 'blank PDF invoices again', description: 'All pages of the PDF invoice are white.' },
  { subject: 'Blank PDF invoices since the update', description: 'Our accountant gets blank PDF invoices.' },
  { subject: 'Invoices come out blank', description: 'Downloaded PDF invoices have no content.' },
  { subject: 'Blank PDF invoices for March', description: 'The March invoice PDF is blank.' },
  { subject: 'API rate limit hit', description: 'Our scripts get HTTP 429 errors all day.' },
  { subject: 'API rate limit too low', description: 'We see 429 responses after a few requests.' },
  { subject: 'Rate limit on the API', description: 'Every batch ends in 429 errors.' },
  { subject: 'API rate limit reached at night', description: 'The nightly sync fails with 429.' },
  { subject: "Can't sync, API rate limit", description: 'Sync stops with status 429 too many requests.' },
];
const texts = tickets.map((t) => ticketText(t));
const corpus = tokenizeCorpus(texts);
const groups = [
  [0, 1, 2, 3, 4],
  [5, 6, 7, 8, 9],
];
const labels = phraseLabels({ corpus, texts, clean: cleanTicketText, groups }, { minCoverage: 0.2 });

describe('phraseLabels', () => {
  it('names a topic with the phrase its members share, as they wrote it', () => {
    expect(labels[0].label).toBe('Blank PDF invoices');
    expect(labels[0].coverage).toBeGreaterThanOrEqual(0.8);
  });

  it('adds a code most members mention and the phrase lacks, in parentheses', () => {
    expect(labels[1].label).toBe('API rate limit (429)');
  });

  it('never shows hidden words (the desk’s account tokens)', () => {
    const hidden = new Set([corpus.analyzer.findStem('blank')!]);
    const [first] = phraseLabels({ corpus, texts, clean: cleanTicketText, groups, hidden });
    expect(first.label).not.toMatch(/blank/i);
  });

  it('gives no label to a group without a shared phrase', () => {
    const scattered = tokenizeCorpus(['alpha beta', 'gamma delta', 'epsilon zeta', 'eta theta']);
    const [none] = phraseLabels({ corpus: scattered, texts: ['alpha beta', 'gamma delta', 'epsilon zeta', 'eta theta'], clean: cleanTicketText, groups: [[0, 1, 2, 3]] });
    expect(none.label).toBeNull();
  });
});

describe('label support', () => {
  it('counts members containing every word of the label, the code in parentheses aside', () => {
    const groupOfDoc = Int32Array.from(texts, (_, i) => (i < 5 ? 0 : 1));
    const all = countLabelSupport(corpus, groupOfDoc, ['Blank PDF invoices', 'API rate limit (429)']);
    // "Invoices come out blank" has no "pdf" in its subject but its description says PDF.
    expect(Array.from(all)).toEqual([5, 5]);
    const any = countLabelSupport(corpus, groupOfDoc, ['Blank PDF invoices', 'Nightly sync'], 'any');
    expect(Array.from(any)).toEqual([5, 2]);
    expect(Array.from(countLabelSupport(corpus, groupOfDoc, ['Blank PDF invoices', 'Nightly sync']))).toEqual([5, 1]);
  });

  it('counts a ticket supporting either part of a label named after two topics', () => {
    const one = new Int32Array(texts.length).fill(0);
    expect(countLabelSupport(corpus, one, ['Blank PDF invoices / API rate limit'])[0]).toBe(10);
  });

  it('finds no support for a label whose words never occur', () => {
    expect(labelStemIds('Quantum flux capacitor', corpus)).toBeNull();
    const groupOfDoc = new Int32Array(texts.length).fill(0);
    expect(countLabelSupport(corpus, groupOfDoc, ['Quantum flux capacitor'])[0]).toBe(0);
  });
});
