import { describe, expect, it } from 'vitest';
import { AppError } from '@/db/errors';
import { detectFileKind, kindsForSource, sourceOfKind } from '@/ingest/sources';
import type { FileKind } from '@/ingest/sources/types';
import { fixture } from './parse-helpers';

const head = (name: string) => fixture(name).subarray(0, 65_536).toString('utf8');

describe('detectFileKind', () => {
  it.each<[string, FileKind]>([
    ['tickets-generic.csv', 'csv-tickets'],
    ['tickets-semicolon-crlf.csv', 'csv-tickets'],
    ['tickets-truncated.csv', 'csv-tickets'],
    ['tickets-header-only.csv', 'csv-tickets'],
    ['events.csv', 'csv-events'],
    ['jira-cloud-export.csv', 'jira-csv'],
    ['jira-server-minimal.csv', 'jira-csv'],
    ['freshdesk-export.csv', 'freshdesk-csv'],
    ['zendesk-incremental.json', 'zendesk-json'],
    ['zendesk-pages.json', 'zendesk-json'],
    ['zendesk-ticket-events.json', 'zendesk-json'],
    ['zendesk-truncated.json', 'zendesk-json'],
    ['freshdesk-tickets.json', 'freshdesk-json'],
    ['github-issues-rest.json', 'github-json'],
    ['github-issues-gh.json', 'github-json'],
    ['releases.csv', 'releases-csv'],
    ['releases.json', 'releases-json'],
    ['jira-versions.json', 'jira-versions-json'],
    ['github-releases.json', 'github-releases-json'],
    ['git-tags.txt', 'git-tags'],
    ['git-tags-hash.txt', 'git-tags'],
  ])('%s → %s', (name, kind) => {
    expect(detectFileKind(head(name), name)).toBe(kind);
  });

  it('decides from the content, not the extension', () => {
    expect(detectFileKind(head('jira-server-minimal.csv'), 'export.json')).toBe('jira-csv');
    expect(detectFileKind(head('github-issues-gh.json'), 'issues.csv')).toBe('github-json');
  });

  it('still classifies a head cut in the middle of a JSON document', () => {
    const text = head('freshdesk-tickets.json').slice(0, 700);
    expect(() => JSON.parse(text)).toThrow();
    expect(detectFileKind(text, 'fd.json')).toBe('freshdesk-json');
  });

  it('names the file, what it saw and the supported formats when it cannot tell', () => {
    for (const [name, seen] of [
      ['unknown.csv', 'a CSV header: foo, bar, baz'],
      ['unknown.json', 'JSON with the fields data, alpha, beta'],
      ['tickets-missing-created.csv', 'a CSV header: id, subject, description, opened_on, status'],
    ]) {
      let error: unknown;
      try {
        detectFileKind(head(name), name);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).message).toBe(`${name}: cannot tell which export this is; saw ${seen}.`);
      expect((error as AppError).hint).toContain('Supported: tickets CSV');
    }
    expect(() => detectFileKind('just some words\nand more', 'notes.txt')).toThrow(/notes\.txt: cannot tell which export this is; saw text starting "just some words and more"/);
    expect(() => detectFileKind('\ufeff  \n', 'blank.csv')).toThrow('blank.csv is empty.');
  });

  it('calls archives and other binary files what they are, without unpacking them', () => {
    const head = (bytes: number[]) => Buffer.from([...bytes, 0, 0, 0x41, 0x42]).toString('utf8');
    expect(() => detectFileKind(head([0x50, 0x4b, 0x03, 0x04]), 'export.csv')).toThrow('export.csv is a zip archive, not a text export.');
    expect(() => detectFileKind(head([0x1f, 0x8b, 0x08]), 'export.json')).toThrow('export.json is a gzip file, not a text export.');
    expect(() => detectFileKind(head([0x7f, 0x45, 0x4c, 0x46]), 'tickets.csv')).toThrow('tickets.csv is a binary file, not a text export.');
  });

  it('honours a forced source, falling back to its main kind for the file shape', () => {
    expect(detectFileKind(head('jira-server-minimal.csv'), 'j.csv', 'csv')).toBe('csv-tickets');
    expect(detectFileKind(head('events.csv'), 'e.csv', 'csv')).toBe('csv-events');
    expect(detectFileKind(head('tickets-missing-created.csv'), 'x.csv', 'csv')).toBe('csv-tickets');
    expect(detectFileKind(head('tickets-generic.csv'), 'x.csv', 'jira')).toBe('jira-csv');
    expect(detectFileKind(head('tickets-generic.csv'), 'x.csv', 'freshdesk')).toBe('freshdesk-csv');
    expect(detectFileKind(head('zendesk-incremental.json'), 'x.json', 'freshdesk')).toBe('freshdesk-json');
    expect(detectFileKind(head('releases.csv'), 'r.csv', 'jira')).toBe('releases-csv');
    expect(() => detectFileKind(head('tickets-generic.csv'), 't.csv', 'zendesk')).toThrow(
      /t\.csv: cannot tell which export this is \(--source zendesk was given\); saw a CSV header: .* \(it looks like csv-tickets\)/,
    );
  });

  it('lists the kinds of each source, which map back to it', () => {
    for (const source of ['csv', 'jira', 'zendesk', 'freshdesk', 'github'] as const) {
      expect(kindsForSource(source).length).toBeGreaterThan(0);
      for (const kind of kindsForSource(source)) expect(sourceOfKind(kind)).toBe(source);
    }
    expect(sourceOfKind('git-tags')).toBeNull();
    expect(sourceOfKind('releases-csv')).toBeNull();
  });
});
