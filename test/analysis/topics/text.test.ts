import { describe, expect, it } from 'vitest';
import { cleanTicketText, ticketText } from '@/lib/analysis/topics/clean';
import { STOP_WORDS } from '@/lib/analysis/topics/stop-words';
import { BOUNDARY, normalizeToken, TermAnalyzer, tokenizeCorpus, tokenizeWords } from '@/lib/analysis/topics/text';

describe('stop list', () => {
  it('keeps negations, folded into "not"', () => {
    expect(tokenizeWords("My card can't be used")).toContain('not');
    expect(tokenizeWords('I cannot log in')).toEqual(['not', 'log']);
    expect(tokenizeWords('unable to log in')).toEqual(['not', 'log']);
    expect(tokenizeWords('the card never arrived')).toEqual(['card', 'not', 'arrived']);
    expect(tokenizeWords('no refund yet')).toEqual(['not', 'refund']);
    expect(tokenizeWords('it doesn’t work')).toEqual(['not', 'work']);
  });

  it('keeps particles that carry meaning in support text', () => {
    for (const word of ['up', 'back', 'top', 'down', 'off', 'out', 'again']) expect(STOP_WORDS.has(word)).toBe(false);
    expect(tokenizeWords('How do I top up?')).toEqual(['top', 'up']);
    expect(tokenizeWords('I was logged out again')).toEqual(['logged', 'out', 'again']);
    expect(tokenizeWords('please send the money back')).toEqual(['send', 'money', 'back']);
  });

  it('drops greetings, politeness and English function words', () => {
    expect(tokenizeWords('Hi, please could you help, thanks')).toEqual([]);
    expect(tokenizeWords('the export is very slow')).toEqual(['export', 'slow']);
  });
});

describe('cleanTicketText', () => {
  it('cuts quoted replies', () => {
    const text = 'The export still fails.\n\nOn Tue, 3 Jan 2023 at 10:00, Support <help@acme.com> wrote:\n> Did you try again?\n> Regards';
    expect(cleanTicketText(text).trim()).toBe('The export still fails.');
    expect(cleanTicketText('Still broken\n> old message line\nnew line').replace(/\s+/g, ' ').trim()).toBe('Still broken new line');
  });

  it('cuts signatures and sign-offs', () => {
    expect(cleanTicketText('Sync is stuck.\n--\nJane Doe\nHead of IT, Example Ltd').trim()).toBe('Sync is stuck.');
    expect(cleanTicketText('Sync is stuck.\n\nSent from my iPhone').trim()).toBe('Sync is stuck.');
    expect(cleanTicketText('Sync is stuck.\n\nBest regards,\nJane Doe\n+1 555 0100').trim()).toBe('Sync is stuck.');
    // "Thanks" starting a sentence of the issue itself is not a sign-off.
    expect(cleanTicketText('Sync is stuck.\nthanks to the update the app crashes').trim()).toContain('app crashes');
  });

  it('removes URLs, e-mail addresses, Jira code blocks and markup', () => {
    const text = 'See https://example.com/a?b=1 and mail ops@example.org now.\n{code:java}\nthrow new OutOfMemoryError();\n{code}\nAfter that [the docs|http://x.y] say *nothing*.';
    const words = tokenizeWords(text);
    expect(words).not.toContain('https');
    expect(words).not.toContain('example');
    expect(words).not.toContain('outofmemoryerror');
    expect(words).toContain('docs');
    expect(tokenizeWords('{noformat}\n2024-01-01 ERROR foo\n{noformat}\nThe job hangs')).toEqual(['job', 'hangs']);
  });

  it('drops long numbers, ids and hex hashes but keeps short codes', () => {
    expect(tokenizeWords('Order 12345678 ref a3f9c2e1d4 failed with error 500 on ios16')).toEqual(['order', 'ref', 'failed', 'error', '500', 'ios16']);
    expect(normalizeToken('inc0012345')).toBeNull();
    expect(normalizeToken('2fa')).toBe('2fa');
    expect(normalizeToken('office365')).toBe('office365');
    expect(tokenizeWords('[EXTERNAL] Extra charge on invoice')).toEqual(['extra', 'charge', 'invoice']);
  });

  it('strips an opening greeting with its addressee', () => {
    expect(tokenizeWords('Hi team, the dashboard is blank')).toEqual(['dashboard', 'blank']);
    expect(tokenizeWords('Hello support team!\nThe dashboard is blank')).toEqual(['dashboard', 'blank']);
  });
});

describe('ticketText', () => {
  it('repeats the subject on its own lines and keeps only prose resolutions', () => {
    expect(ticketText({ subject: 'Card declined', description: 'At the shop', resolution: 'Fixed' })).toBe('Card declined\nCard declined\nAt the shop');
    expect(ticketText({ subject: 'A', description: '', resolution: 'Replaced the card and reset the PIN' }, 1)).toBe('A\nReplaced the card and reset the PIN');
  });
});

describe('TermAnalyzer', () => {
  it('stems with a per-token cache and keeps the most frequent surface form of each stem', () => {
    const analyzer = new TermAnalyzer();
    const corpus = tokenizeCorpus(['charged twice', 'I was charged again', 'charges are wrong', 'charged'], analyzer);
    const chargeStem = analyzer.findStem('charg')!;
    expect(chargeStem).toBeDefined();
    expect(analyzer.surfaceForms()[chargeStem]).toBe('charged');
    // Every occurrence of "charged" maps to one word id (the cache), whose stem is "charg".
    const charged = analyzer.words.indexOf('charged');
    expect([...corpus.tokens].filter((t) => t === charged)).toHaveLength(3);
    expect(corpus.wordStem[charged]).toBe(chargeStem);
  });

  it('marks sentence boundaries so n-grams do not span them', () => {
    const analyzer = new TermAnalyzer();
    const tokens = [...analyzer.analyze('Card blocked. Refund missing\nApp crashes')];
    expect(tokens.filter((t) => t === BOUNDARY)).toHaveLength(2);
    expect(tokens[0]).not.toBe(BOUNDARY);
    expect(tokens[tokens.length - 1]).not.toBe(BOUNDARY);
  });
});
