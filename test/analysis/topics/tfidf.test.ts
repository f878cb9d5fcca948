import { describe, expect, it } from 'vitest';
import { fitVocabulary, indexVocabulary, vectorizeCorpus } from '@/lib/analysis/topics/tfidf';
import { tokenizeCorpus } from '@/lib/analysis/topics/text';

const texts = [
  'refund refund refund missing',
  'refund missing for order',
  'card blocked at shop',
  'card blocked again',
  'export csv slow',
  'export csv empty',
];

function build(options = {}) {
  const corpus = tokenizeCorpus(texts);
  const vocabulary = fitVocabulary(corpus, null, { minDf: 2, maxDfRatio: 0.5, maxTerms: 1000, bigrams: true, ...options });
  const matrix = vectorizeCorpus(corpus, indexVocabulary(vocabulary, corpus.analyzer));
  const weight = (row: number, term: string) => {
    const column = vocabulary.terms.indexOf(term);
    for (let p = matrix.indptr[row]; p < matrix.indptr[row + 1]; p++) if (matrix.indices[p] === column) return matrix.values[p];
    return 0;
  };
  return { vocabulary, matrix, weight };
}

describe('TF-IDF', () => {
  it('has unit-length rows', () => {
    const { matrix } = build();
    for (let r = 0; r < matrix.rows; r++) {
      let norm = 0;
      for (let p = matrix.indptr[r]; p < matrix.indptr[r + 1]; p++) norm += matrix.values[p] ** 2;
      expect(Math.sqrt(norm)).toBeCloseTo(1, 5);
    }
  });

  it('applies sublinear tf: three occurrences weigh 1 + ln 3 times one, not 3 times', () => {
    const { weight, vocabulary } = build();
    // Row 0 has refund×3 and missing×1, row 1 refund×1 and missing×1; same idf within each pair.
    const ratio0 = weight(0, 'refund') / weight(0, 'miss');
    const ratio1 = weight(1, 'refund') / weight(1, 'miss');
    expect(ratio0 / ratio1).toBeCloseTo(1 + Math.log(3), 4);
    expect(vocabulary.terms).toContain('refund miss');
  });

  it('keeps bigrams and drops terms below min df or above max df', () => {
    const { vocabulary } = build();
    expect(vocabulary.terms).toEqual(expect.arrayContaining(['card block', 'export csv', 'card', 'block']));
    expect(vocabulary.terms).not.toContain('shop'); // df 1 < minDf
    const everywhere = tokenizeCorpus(['app crash', 'app slow', 'app login', 'app sync']);
    const cut = fitVocabulary(everywhere, null, { minDf: 1, maxDfRatio: 0.5, maxTerms: 100, bigrams: false });
    expect(cut.terms).not.toContain('app'); // in every document: separates nothing
    expect(cut.terms).toContain('crash');
    const noBigrams = build({ bigrams: false }).vocabulary;
    expect(noBigrams.terms.some((t) => t.includes(' '))).toBe(false);
  });

  it('uses smoothed idf: rarer terms weigh more', () => {
    const corpus = tokenizeCorpus(['alpha beta', 'alpha beta', 'alpha gamma', 'gamma delta', 'delta epsilon', 'beta zeta']);
    const vocabulary = fitVocabulary(corpus, null, { minDf: 1, maxDfRatio: 1, maxTerms: 100, bigrams: false });
    const idf = (t: string) => vocabulary.idf[vocabulary.terms.indexOf(t)];
    expect(idf('alpha')).toBeCloseTo(Math.log(7 / 4) + 1, 5);
    expect(idf('zeta')).toBeGreaterThan(idf('alpha'));
  });
});
