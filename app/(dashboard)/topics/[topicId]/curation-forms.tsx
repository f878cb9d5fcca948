'use client';

import { useActionState, useId } from 'react';
import { UNCLUSTERED_PARAM } from '@/lib/topic-id';
import { curateTopicAction, type CurationFormState } from './actions';

interface Option {
  id: string;
  label: string;
}

const initial: CurationFormState = { ok: true, message: '' };

function Result({ state }: { state: CurationFormState }) {
  if (!state.message) return null;
  return (
    <p role="status" className={state.ok ? 'result-ok' : 'result-bad'}>
      {state.message}
    </p>
  );
}

/** Rename, merge, split by keywords and move tickets: each a small form posting to one server action. */
export function CurationForms({ topicId, label, topics, keywords }: { topicId: string; label: string; topics: Option[]; keywords: string[] }) {
  const id = useId();
  const [renameState, rename, renaming] = useActionState(curateTopicAction, initial);
  const [mergeState, merge, merging] = useActionState(curateTopicAction, initial);
  const [splitState, split, splitting] = useActionState(curateTopicAction, initial);
  const [moveState, move, moving] = useActionState(curateTopicAction, initial);
  const others = topics.filter((t) => t.id !== topicId);

  return (
    <div className="curation">
      <details open>
        <summary>Rename</summary>
        <form action={rename} className="form-row">
          <input type="hidden" name="kind" value="rename" />
          <input type="hidden" name="topicId" value={topicId} />
          <div className="field">
            <label htmlFor={`${id}-label`}>New name</label>
            <input id={`${id}-label`} name="label" type="text" defaultValue={label} required maxLength={120} size={36} />
          </div>
          <button type="submit" disabled={renaming}>{renaming ? 'Saving…' : 'Rename'}</button>
        </form>
        <Result state={renameState} />
      </details>
      <details>
        <summary>Merge into another topic</summary>
        <form action={merge} className="form-row">
          <input type="hidden" name="kind" value="merge" />
          <input type="hidden" name="topicId" value={topicId} />
          <div className="field">
            <label htmlFor={`${id}-target`}>All tickets of this topic go to</label>
            <select id={`${id}-target`} name="targetId" required defaultValue="">
              <option value="" disabled>Choose a topic…</option>
              {others.map((t) => (
                <option key={t.id} value={t.id}>{t.label} ({t.id})</option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={merging}>{merging ? 'Merging…' : 'Merge'}</button>
        </form>
        <p className="note">This topic then disappears; its link will explain where it went. New tickets like these land in the target.</p>
        <Result state={mergeState} />
      </details>
      <details>
        <summary>Split off tickets by keywords</summary>
        <form action={split} className="form-row">
          <input type="hidden" name="kind" value="split" />
          <input type="hidden" name="topicId" value={topicId} />
          <div className="field">
            <label htmlFor={`${id}-keywords`}>Keywords (comma-separated; a ticket with any of them moves)</label>
            <input id={`${id}-keywords`} name="keywords" type="text" required placeholder={keywords.slice(1, 3).join(', ')} size={36} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-split-label`}>Name of the new topic (optional)</label>
            <input id={`${id}-split-label`} name="label" type="text" maxLength={120} size={24} />
          </div>
          <button type="submit" disabled={splitting}>{splitting ? 'Splitting…' : 'Split'}</button>
        </form>
        <Result state={splitState} />
      </details>
      <details>
        <summary>Move tickets</summary>
        <form action={move} className="form-row">
          <input type="hidden" name="kind" value="move" />
          <input type="hidden" name="topicId" value={topicId} />
          <div className="field">
            <label htmlFor={`${id}-tickets`}>Ticket numbers (the # column of the tickets list)</label>
            <input id={`${id}-tickets`} name="ticketIds" type="text" required placeholder="#1204, #1377" size={28} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-move-target`}>Move them to</label>
            <select id={`${id}-move-target`} name="targetId" defaultValue={topicId}>
              <option value={topicId}>this topic</option>
              <option value={UNCLUSTERED_PARAM}>no topic (unclustered)</option>
              {others.map((t) => (
                <option key={t.id} value={t.id}>{t.label} ({t.id})</option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={moving}>{moving ? 'Moving…' : 'Move'}</button>
        </form>
        <Result state={moveState} />
      </details>
    </div>
  );
}
