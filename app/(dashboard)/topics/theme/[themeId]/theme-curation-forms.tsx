'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';

interface Option {
  id: string;
  label: string;
}

type Result = { ok: boolean; message: string } | null;

/** Posts one operation to /api/themes/curate; the answer's message, or the error's, is shown. */
async function send(body: Record<string, unknown>): Promise<{ ok: boolean; data: Record<string, unknown> }> {
  const response = await fetch('/api/themes/curate', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { ok: response.ok, data };
}

function errorText(data: Record<string, unknown>): string {
  const error = data.error as { message?: string; hint?: string | null } | undefined;
  return error?.message ? `${error.message}${error.hint ? ` ${error.hint}` : ''}` : 'The change could not be saved; nothing was changed.';
}

function Status({ result }: { result: Result }) {
  if (!result) return null;
  return (
    <p role="status" className={result.ok ? 'result-ok' : 'result-bad'}>
      {result.message}
    </p>
  );
}

/** Rename, merge into another theme, and split chosen topics off into a new theme. */
export function ThemeCurationForms({ themeId, label, themes, topics }: { themeId: string; label: string; themes: Option[]; topics: Option[] }) {
  const id = useId();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [renameResult, setRenameResult] = useState<Result>(null);
  const [mergeResult, setMergeResult] = useState<Result>(null);
  const [splitResult, setSplitResult] = useState<Result>(null);
  const others = themes.filter((t) => t.id !== themeId);

  const submit = (body: (form: FormData) => Record<string, unknown>, done: (data: Record<string, unknown>) => { message: string; goTo?: string }, setResult: (r: Result) => void) => async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    try {
      const { ok, data } = await send(body(new FormData(event.currentTarget)));
      if (!ok) return setResult({ ok: false, message: errorText(data) });
      const { message, goTo } = done(data);
      setResult({ ok: true, message });
      if (goTo) router.push(goTo);
      else router.refresh();
    } finally {
      setBusy(false);
    }
  };
  const text = (form: FormData, key: string) => String(form.get(key) ?? '').trim();

  return (
    <div className="curation">
      <form onSubmit={submit((f) => ({ kind: 'rename-theme', themeId, label: text(f, 'label') }), () => ({ message: 'Renamed. Later analyses keep this name.' }), setRenameResult)}>
        <h3 className="subhead">Rename</h3>
        <label htmlFor={`${id}-label`}>New name</label>{' '}
        <input id={`${id}-label`} name="label" defaultValue={label} required maxLength={120} size={30} />{' '}
        <button type="submit" disabled={busy}>Rename</button>
        <Status result={renameResult} />
      </form>
      {others.length > 0 && (
        <form
          onSubmit={submit(
            (f) => ({ kind: 'merge-themes', sourceId: themeId, targetId: text(f, 'targetId') }),
            (data) => {
              const op = data.operation as { targetId?: string } | undefined;
              return { message: 'Merged.', goTo: op?.targetId ? `/topics/theme/${op.targetId}` : undefined };
            },
            setMergeResult,
          )}
        >
          <h3 className="subhead">Merge into another theme</h3>
          <label htmlFor={`${id}-target`}>Theme</label>{' '}
          <select id={`${id}-target`} name="targetId" required defaultValue="">
            <option value="" disabled>Choose a theme…</option>
            {others.map((t) => (
              <option key={t.id} value={t.id}>{t.label} ({t.id})</option>
            ))}
          </select>{' '}
          <button type="submit" disabled={busy}>Merge</button>
          <Status result={mergeResult} />
        </form>
      )}
      {topics.length > 1 && (
        <form
          onSubmit={submit(
            (f) => {
              const name = text(f, 'label');
              return { kind: 'split-theme', themeId, topicIds: f.getAll('topicIds').map(String), ...(name ? { label: name } : {}) };
            },
            (data) => {
              const op = data.operation as { newThemeId?: string } | undefined;
              return { message: `Split off into a new theme${op?.newThemeId ? ` ${op.newThemeId}` : ''}.` };
            },
            setSplitResult,
          )}
        >
          <fieldset>
            <legend className="subhead">Split topics off into a new theme</legend>
            {topics.map((t) => (
              <label key={t.id} className="check">
                <input type="checkbox" name="topicIds" value={t.id} /> {t.label}
              </label>
            ))}
          </fieldset>
          <label htmlFor={`${id}-split-label`}>Name of the new theme (optional)</label>{' '}
          <input id={`${id}-split-label`} name="label" maxLength={120} size={30} />{' '}
          <button type="submit" disabled={busy}>Split</button>
          <Status result={splitResult} />
        </form>
      )}
    </div>
  );
}
