/**
 * In-process half of bench/long-text.ts: the text pipeline of one Jira REST issue — conversion
 * (the pull connector's path: Jira REST JSON files are not a file-ingest format), preparation
 * (PII redaction, serialisation, hashing) and the analysis' cleaning and tokenising — timed
 * stage by stage (median of 21 runs). Uses only functions that exist before and after issue 24, so the driver can
 * copy it into an older checkout and run it there. Prints one JSON line per input.
 *
 *   npx tsx bench/long-text-probe.ts <issue.json | text-file>...
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { convertJiraIssue } from '@/ingest/sources/jira-json';
import { createPreparer } from '@/ingest/load/prepare';
import type { ParsedItem } from '@/ingest/sources/types';
import { tokenizeWords } from '@/lib/analysis/topics/text';
import { PII_KINDS } from '@/lib/redact';

const preparer = createPreparer({ kinds: [...PII_KINDS], secret: 'a-benchmark-secret-16+' });

const ROUNDS = 21;

/** The result and the median time of ROUNDS runs (the first run, with the code still cold, included). */
function timed<T>(run: () => T): [T, number] {
  const times: number[] = [];
  let result!: T;
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    result = run();
    times.push(performance.now() - started);
  }
  return [result, times.sort((a, b) => a - b)[ROUNDS >> 1]];
}

for (const file of process.argv.slice(2)) {
  const raw = readFileSync(file, 'utf8');
  let items: ParsedItem[];
  let convertMs = 0;
  if (file.endsWith('.json')) {
    const [conversion, ms] = timed(() => convertJiraIssue({ value: JSON.parse(raw), line: 1 }, 'UTC'));
    convertMs = ms;
    if (!('ticket' in conversion)) throw new Error(`${file}: not converted`);
    items = [{ kind: 'ticket', record: conversion.ticket }, ...conversion.events.map((record): ParsedItem => ({ kind: 'event', record }))];
  } else {
    // A bare text: the description of one ticket.
    items = [{ kind: 'ticket', record: { externalId: 'T-1', createdAt: new Date(0), updatedAt: null, firstResponseAt: null, resolvedAt: null, status: null, statusCategory: null, priorityRaw: null, priority: null, channel: null, type: null, subject: 'x', description: raw, resolution: null, productVersion: null, product: null, fixVersions: [], tags: [], assignee: null, requester: null, organization: null, reopened: false, escalated: false, line: 1 } }];
  }
  const texts = items.map((item) => (item.kind === 'ticket' ? `${item.record.subject}\n${item.record.description}` : item.kind === 'event' ? item.record.body : ''));
  const [prepared, prepareMs] = timed(() => items.map((item) => preparer.prepare(item)));
  const redacted = prepared.map((p) => (p.kind === 'ticket' ? (JSON.parse(p.row.json).description as string) : p.kind === 'event' ? (JSON.parse(p.row.json).body as string) : ''));
  const [, analysisMs] = timed(() => redacted.map((t) => tokenizeWords(t))); // cleans, then tokenises
  console.log(
    JSON.stringify({
      input: path.basename(file),
      texts: texts.length,
      chars: texts.reduce((n, t) => n + t.length, 0),
      longest: Math.max(...texts.map((t) => t.length)),
      convertMs,
      prepareMs,
      analysisMs,
    }),
  );
}
