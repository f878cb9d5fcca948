'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import type { UploadOutcome } from '@/ingest/upload';

type Phase =
  | { kind: 'idle' }
  | { kind: 'uploading'; percent: number }
  | { kind: 'processing' }
  | { kind: 'done'; outcome: UploadOutcome }
  | { kind: 'failed'; message: string };

const n = (x: number) => x.toLocaleString('en-US');

/**
 * Uploads one export file to the server, which ingests and analyses it like the CLI. Shows the
 * upload's progress, then the import's counts and first rejected rows.
 */
export function UploadForm({ limitBytes, limitText }: { limitBytes: number; /** The limit in words, e.g. "200 MB". */ limitText: string }) {
  const id = useId();
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem('file') as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return setPhase({ kind: 'failed', message: 'Choose a file first.' });
    if (file.size > limitBytes) {
      return setPhase({ kind: 'failed', message: `${file.name} is ${Math.round(file.size / 1024 / 1024)} MB; the upload limit is ${limitText}. Use the command line for bigger exports: support-trends ingest <file>.` });
    }
    // XMLHttpRequest rather than fetch: it reports upload progress.
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/imports');
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setPhase(e.loaded >= e.total ? { kind: 'processing' } : { kind: 'uploading', percent: Math.round((e.loaded / e.total) * 100) });
    };
    xhr.upload.onload = () => setPhase({ kind: 'processing' });
    xhr.onerror = () => setPhase({ kind: 'failed', message: 'The upload was interrupted (is the dashboard still running?).' });
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: reported below
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        setPhase({ kind: 'done', outcome: body as UploadOutcome });
        router.refresh();
      } else {
        const error = (body as { error?: { message?: string; hint?: string | null } } | null)?.error;
        setPhase({ kind: 'failed', message: error ? `${error.message}${error.hint ? ` ${error.hint}` : ''}` : `The server answered ${xhr.status}.` });
      }
    };
    setPhase({ kind: 'uploading', percent: 0 });
    xhr.send(file);
  };

  const busy = phase.kind === 'uploading' || phase.kind === 'processing';
  return (
    <div>
      <form onSubmit={onSubmit} className="form-row" aria-describedby={`${id}-help`}>
        <div className="field">
          <label htmlFor={`${id}-file`}>Export file</label>
          <input id={`${id}-file`} name="file" type="file" accept=".csv,.json,.txt,.log,text/csv,application/json" required disabled={busy} />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? 'Importing…' : 'Upload and import'}
        </button>
      </form>
      <p id={`${id}-help`} className="note">
        Zendesk, Jira, Freshdesk or GitHub exports, a generic tickets or comments CSV, a release list or an agents CSV — the format is detected from the content.
        Up to {limitText}. Re-uploading the same file changes nothing. The analysis runs afterwards (a few seconds to a minute).
      </p>
      <div role="status" aria-live="polite">
        {phase.kind === 'uploading' && (
          <p>
            Uploading… {phase.percent}% <progress max={100} value={phase.percent} />
          </p>
        )}
        {phase.kind === 'processing' && <p>Uploaded. Importing and analysing — this page updates when it is done…</p>}
        {phase.kind === 'failed' && <p className="result-bad">{phase.message}</p>}
        {phase.kind === 'done' && <UploadSummary outcome={phase.outcome} />}
      </div>
    </div>
  );
}

function UploadSummary({ outcome }: { outcome: UploadOutcome }) {
  const { ingest } = outcome;
  return (
    <div className="notice ok" data-testid="upload-summary">
      {ingest ? (
        <>
          <p style={{ margin: 0 }}>
            <strong>{outcome.fileName}</strong> ({ingest.kind}): {n(ingest.rowsRead)} rows read · {n(ingest.inserted)} new · {n(ingest.updated)} updated ·{' '}
            {n(ingest.unchanged)} unchanged · {n(ingest.rejected)} rejected (run <Link href={`/imports/${ingest.runId}`}>#{ingest.runId}</Link>).
          </p>
          {ingest.conservativeRecords > 0 && (
            <p style={{ margin: '0.3rem 0 0' }}>
              {n(ingest.conservativeRecords)} record(s) redacted conservatively (line {ingest.conservativeLines.join(', ')}): their text took longer to
              redact than the time budget, so every number, identifier and long run of characters in it was replaced.
            </p>
          )}
          {Object.keys(ingest.skipped).length > 0 && (
            <p style={{ margin: '0.3rem 0 0' }}>
              Skipped on purpose: {Object.entries(ingest.skipped).map(([reason, count]) => `${n(count ?? 0)} ${reason}`).join(', ')}.
            </p>
          )}
          {ingest.rejectedSample.length > 0 && (
            <ul>
              {ingest.rejectedSample.slice(0, 10).map((r, i) => (
                <li key={`${r.line}-${i}`}>
                  line {r.line}
                  {r.field ? `, field “${r.field}”` : ''}: {r.reason}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <p style={{ margin: 0 }}>
          <strong>{outcome.fileName}</strong>: {outcome.agentsConfigured} agents configured (teams, time zones, working hours).
        </p>
      )}
      <p style={{ margin: '0.3rem 0 0' }}>
        {outcome.analysis.status === 'covered'
          ? outcome.analysis.message
          : `Analysis #${outcome.analysis.runId} (${outcome.analysis.mode}) finished in ${(outcome.analysis.durationMs / 1000).toFixed(1)} s: ${n(outcome.analysis.topics)} topics.`}
      </p>
    </div>
  );
}
