// Types for the files of `natural` we import directly. The package root eagerly loads database
// clients and reads ./.env, so the project never imports `natural` itself (see ARCHITECTURE.md).

declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}

declare module 'natural/lib/natural/util/stopwords.js' {
  export const words: string[];
}

declare module 'natural/lib/natural/tokenizers/aggressive_tokenizer.js' {
  export default class AggressiveTokenizer {
    tokenize(text: string): string[];
  }
}

declare module 'natural/lib/natural/sentiment/SentimentAnalyzer.js' {
  export default class SentimentAnalyzer {
    constructor(language: string, stemmer: { stem(token: string): string } | null, vocabulary: 'afinn' | 'senticon' | 'pattern');
    /** Mean score of the words, after negation handling. */
    getSentiment(words: string[]): number;
  }
}
