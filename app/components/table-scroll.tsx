'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * The box a wide (or long) table scrolls in, so a phone never scrolls the whole page sideways
 * (WCAG 1.4.10 Reflow). While its content does not fit, the box is a labelled region in the tab
 * order, so the keyboard can scroll it too (2.1.1); when everything fits it is a plain box and
 * no extra tab stop.
 */
export function TableScroll({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={box}
      className={className ? `table-scroll ${className}` : 'table-scroll'}
      {...(scrolls ? { tabIndex: 0, role: 'region', 'aria-label': `${label} (scrolls)` } : {})}
    >
      {children}
    </div>
  );
}
