import { describe, expect, it } from 'vitest';
import { adfToText, isAdfDocument } from '@/ingest/sources/adf-text';

const text = (t: string, marks?: unknown[]) => ({ type: 'text', text: t, ...(marks ? { marks } : {}) });
const paragraph = (...content: unknown[]) => ({ type: 'paragraph', content });
const doc = (...content: unknown[]) => ({ type: 'doc', version: 1, content });

describe('ADF to plain text', () => {
  it('keeps paragraphs, headings, marks and hard breaks as lines of text', () => {
    const adf = doc(
      { type: 'heading', attrs: { level: 2 }, content: [text('Sync fails')] },
      paragraph(text('After the upgrade '), text('sync', [{ type: 'strong' }]), text(' stops with '), text('E42', [{ type: 'code' }]), text('.')),
      paragraph(text('Line one'), { type: 'hardBreak' }, text('line two')),
      paragraph(),
      paragraph(text('See '), text('the docs', [{ type: 'link', attrs: { href: 'https://example.com/docs' } }])),
    );
    expect(adfToText(adf)).toBe('Sync fails\nAfter the upgrade sync stops with E42.\nLine one\nline two\nSee the docs');
    expect(isAdfDocument(adf)).toBe(true);
  });

  it('numbers ordered lists from their start, bullets the rest, and indents nested items', () => {
    const item = (...content: unknown[]) => ({ type: 'listItem', content });
    const adf = doc(
      {
        type: 'orderedList',
        attrs: { order: 3 },
        content: [item(paragraph(text('open the app'))), item(paragraph(text('press sync')), { type: 'bulletList', content: [item(paragraph(text('on Wi-Fi')))] })],
      },
      { type: 'bulletList', content: [item(paragraph(text('only on Android')))] },
      { type: 'taskList', attrs: { localId: 'a' }, content: [{ type: 'taskItem', attrs: { state: 'TODO' }, content: [text('check logs')] }] },
    );
    expect(adfToText(adf)).toBe('3. open the app\n4. press sync\n  - on Wi-Fi\n- only on Android\n- check logs');
  });

  it('keeps code blocks verbatim, quotes, panels and expand titles', () => {
    const adf = doc(
      { type: 'codeBlock', attrs: { language: 'java' }, content: [text('at com.acme.Sync.run(Sync.java:42)\nat java.lang.Thread.run')] },
      { type: 'blockquote', content: [paragraph(text('quoted customer words'))] },
      { type: 'panel', attrs: { panelType: 'warning' }, content: [paragraph(text('Workaround: restart'))] },
      { type: 'expand', attrs: { title: 'Logs' }, content: [paragraph(text('ERROR timeout'))] },
      { type: 'rule' },
    );
    expect(adfToText(adf)).toBe('at com.acme.Sync.run(Sync.java:42)\nat java.lang.Thread.run\nquoted customer words\nWorkaround: restart\nLogs\nERROR timeout');
  });

  it('shows what inline nodes stand for and drops media', () => {
    const adf = doc(
      paragraph(
        { type: 'mention', attrs: { id: '5b10ac8d82e05b22cc7d4ef5', text: '@Jane Doe', accessLevel: '' } },
        text(' please check '),
        { type: 'inlineCard', attrs: { url: 'https://acme.atlassian.net/browse/CORE-7' } },
        text(' '),
        { type: 'emoji', attrs: { shortName: ':smile:', id: '1f604', text: '😄' } },
        text(' status '),
        { type: 'status', attrs: { text: 'BLOCKED', color: 'red', localId: 'x' } },
        text(' since '),
        { type: 'date', attrs: { timestamp: '1772323200000' } },
      ),
      { type: 'mediaSingle', attrs: { layout: 'center' }, content: [{ type: 'media', attrs: { id: 'abc', type: 'file', collection: 'jira' } }] },
      paragraph({ type: 'mention', attrs: { id: 'x', text: 'Bob' } }),
    );
    expect(adfToText(adf)).toBe('@Jane Doe please check https://acme.atlassian.net/browse/CORE-7 😄 status BLOCKED since 2026-03-01\n@Bob');
  });

  it('writes tables row by row with cells separated, and keeps text of unknown nodes', () => {
    const cell = (t: string, type = 'tableCell') => ({ type, content: [paragraph(text(t))] });
    const adf = doc(
      {
        type: 'table',
        content: [
          { type: 'tableRow', content: [cell('Version', 'tableHeader'), cell('Result', 'tableHeader')] },
          { type: 'tableRow', content: [cell('5.1.0'), cell('fails')] },
        ],
      },
      { type: 'someFutureNode', content: [paragraph(text('still readable'))] },
      { type: 'extension', attrs: { extensionKey: 'macro' } },
    );
    expect(adfToText(adf)).toBe('Version | Result\n5.1.0 | fails\nstill readable');
  });

  it('gives an empty string for anything that is not a document', () => {
    expect(adfToText(null)).toBe('');
    expect(adfToText('plain wiki text')).toBe('');
    expect(adfToText(doc())).toBe('');
    expect(isAdfDocument({ type: 'paragraph', content: [] })).toBe(false);
  });
});
