'use client';

import { useState } from 'react';

/**
 * Writes text to the clipboard. The Clipboard API exists only in a secure context (https or
 * localhost): a dashboard served over plain http on the LAN has none, so the older
 * select-and-copy command is the fallback there.
 */
async function writeToClipboard(text: string): Promise<boolean> {
  if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Refused (no permission, page not focused): try the fallback.
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

/** Copies prepared text (e.g. the standup summary in Markdown) to the clipboard, saying so on the button and beside it. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    setState((await writeToClipboard(text)) ? 'copied' : 'failed');
    setTimeout(() => setState('idle'), 4_000);
  };
  return (
    <>
      <button type="button" onClick={copy} data-testid="copy-markdown" aria-describedby="copy-status">
        {state === 'copied' ? '✓ Copied' : label}
      </button>
      <span id="copy-status" role="status" aria-live="polite" className={state === 'failed' ? 'badge warn' : 'muted'} style={{ marginLeft: '0.5rem' }}>
        {state === 'copied' ? 'Copied — paste it into the chat.' : state === 'failed' ? 'The browser refused to copy; select the text under “The summary as Markdown” and copy it.' : ''}
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
