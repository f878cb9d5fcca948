'use client';

import { Component, type ReactNode } from 'react';

/**
 * One panel's failure stays in that panel: the rest of the page keeps its numbers. Production
 * builds hide server error messages from the browser, so this says what usually helps — a
 * statement stopped for taking too long (a 503 from the API) is cured by a narrower range.
 * Next.js' own redirects and not-found signals pass through.
 */
export class PanelErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === 'string' && digest.startsWith('NEXT_')) throw error;
    return (
      <div className="notice warn" role="alert">
        <p>
          This panel could not be shown: reading its data failed or took too long. Try a narrower date range or fewer filters, or reload the page.
        </p>
        {typeof digest === 'string' && <p className="muted small">Reference for the server log: {digest}</p>}
      </div>
    );
  }
}
