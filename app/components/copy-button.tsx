'use client';

import { useState } from 'react';

/** Copies prepared text (e.g. the standup summary in Markdown) to the clipboard, saying so. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 4_000);
  };
  return (
    <>
      <button type="button" onClick={copy} data-testid="copy-markdown">
        {label}
      </button>
      <span role="status" aria-live="polite" className="muted" style={{ marginLeft: '0.5rem' }}>
        {state === 'copied' ? 'Copied — paste it into the chat.' : state === 'failed' ? 'The browser refused; select the text below and copy it.' : ''}
      </span>
    </>
  );
}

export function PrintButton() {
  return (
    <button type="button" className="secondary" onClick={() => window.print()}>
      Print
    </button>
  );
}
