'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * The box a wide (or long) table scrolls in, so a phone never scrolls the whole page sideways
 * (WCAG 1.4.10 Reflow). While its content does not fit, the box is a labelled region in the tab
 * order, so the keyboard can scroll it too (2.1.1), and a line above it says columns are off to
 * the side; when everything fits it is a plain box and no extra tab stop.
 */
export function TableScroll({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  const [sideways, setSideways] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => {
      const wide = element.scrollWidth > element.clientWidth + 1;
      setSideways(wide);
      setScrolls(wide || element.scrollHeight > element.clientHeight + 1);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <>
      {/* Seen, not heard: a scrollbar may be hidden until touched, and columns past the edge look absent. */}
      {sideways && (
        <p className="scroll-hint no-print" aria-hidden="true" data-testid="scroll-hint">
          More columns to the right: scroll sideways →
        </p>
      )}
      <div
        ref={box}
        className={className ? `table-scroll ${className}` : 'table-scroll'}
        {...(scrolls ? { tabIndex: 0, role: 'region', 'aria-label': `${label} (scrolls)` } : {})}
      >
        {children}
      </div>
    </>
  );
}
