'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, type FormEvent } from 'react';
import type { FilterKey, Filters } from '@/lib/filters';
import type { DayRange } from '@/lib/queries/filter-sql';
import { formatTopicParam, UNCLUSTERED_PARAM } from '@/lib/topic-id';
import { shortPseudonym } from '@/lib/format';

interface Option {
  value: string;
  label: string;
}

interface FilterBarFormProps {
  pathname: string;
  filters: Filters;
  dataRange: DayRange | null;
  fields: FilterKey[];
  keep: Record<string, string | undefined>;
  options: { topics: Option[]; organizations: Option[]; priorities: Option[]; channels: Option[]; versions: Option[] };
}

function shiftDay(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The control that applied the filters, to be focused again in the form that replaces this one
 * (the form remounts when the filters change; without this, focus would fall to <body> and a
 * keyboard user would start again from the top of the page). Kept briefly and only for the
 * address it navigated to.
 */
let refocus: { href: string; control: string; at: number } | null = null;
const REFOCUS_WITHIN_MS = 10_000;

/** How the form finds a control again: its name, or its data-focus key (buttons). */
function controlKey(element: Element | null, form: HTMLFormElement): string | null {
  if (!element || !form.contains(element)) return null;
  return element.getAttribute('data-focus') ?? element.getAttribute('name');
}

/**
 * The filter form. It only writes the URL (empty fields left out) and lets the server render
 * the result; without JavaScript it still works as a plain GET form. Choosing from a list
 * applies at once; dates and the customer apply with the button or Enter.
 */
export function FilterBarForm({ pathname, filters, dataRange, fields, keep, options }: FilterBarFormProps) {
  const router = useRouter();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const has = (key: FilterKey) => fields.includes(key);

  useEffect(() => {
    const pending = refocus;
    refocus = null;
    const form = formRef.current;
    if (!pending || !form || Date.now() - pending.at > REFOCUS_WITHIN_MS) return;
    if (`${window.location.pathname}${window.location.search}` !== pending.href) return;
    const control = [...form.querySelectorAll<HTMLElement>('[name], [data-focus]')].find((el) => controlKey(el, form) === pending.control);
    control?.focus();
  }, []);

  const navigate = (form: HTMLFormElement, override: Record<string, string> = {}) => {
    const data = new FormData(form);
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(keep)) if (value) params.set(key, value);
    for (const [key, value] of data.entries()) if (typeof value === 'string' && value.trim() !== '') params.set(key, value.trim());
    for (const [key, value] of Object.entries(override)) {
      if (value) params.set(key, value);
      else params.delete(key);
    }
    const query = params.toString();
    const href = query ? `${pathname}?${query}` : pathname;
    const control = controlKey(document.activeElement, form);
    refocus = control ? { href, control, at: Date.now() } : null;
    router.push(href);
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    navigate(event.currentTarget);
  };
  const quickRange = (form: HTMLFormElement | null, days: number | null) => {
    if (!form || !dataRange) return;
    navigate(form, days === null ? { from: '', to: '' } : { from: shiftDay(dataRange.to, -(days - 1)), to: dataRange.to });
  };

  const select = (key: FilterKey, label: string, list: Option[], anyLabel: string, extra: Option[] = []) =>
    has(key) && (
      <div className="field">
        <label htmlFor={`${id}-${key}`}>{label}</label>
        <select
          id={`${id}-${key}`}
          name={key}
          defaultValue={filters[key] === undefined ? '' : key === 'topic' ? formatTopicParam(filters.topic ?? null) : String(filters[key])}
          onChange={(e) => e.currentTarget.form && navigate(e.currentTarget.form)}
        >
          <option value="">{anyLabel}</option>
          {extra.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
          {list.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    );

  return (
    <form ref={formRef} className="filter-form" method="get" action={pathname} onSubmit={onSubmit}>
      {Object.entries(keep).map(([key, value]) => value && <input key={key} type="hidden" name={key} value={value} />)}
      <div className="field">
        <label htmlFor={`${id}-from`}>From</label>
        <input id={`${id}-from`} type="date" name="from" defaultValue={filters.from ?? ''} min={dataRange?.from} max={dataRange?.to} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>To</label>
        <input id={`${id}-to`} type="date" name="to" defaultValue={filters.to ?? ''} min={dataRange?.from} max={dataRange?.to} />
      </div>
      {select('topic', 'Topic', options.topics, 'All topics', [{ value: UNCLUSTERED_PARAM, label: 'Unclustered (no topic)' }])}
      {select('org', 'Organization', options.organizations, 'All organizations')}
      {has('customer') && (
        <div className="field">
          <label htmlFor={`${id}-customer`}>Customer</label>
          <input id={`${id}-customer`} type="text" name="customer" placeholder="e-mail, name or cust_…" title="The requester as the export names them (an e-mail address, a name or a login), or the pseudonym the tickets list shows" defaultValue={shortPseudonym(filters.customer ?? null) ?? ''} size={16} />
        </div>
      )}
      {select('priority', 'Priority', options.priorities, 'Any priority')}
      {select('channel', 'Channel', options.channels, 'Any channel')}
      {select('version', 'Version', options.versions, 'Any version')}
      <div className="field actions">
        <button type="submit" data-focus="apply">
          Apply
        </button>
      </div>
      {dataRange && (
        <div className="quick-ranges" role="group" aria-label="Quick date ranges">
          {[7, 28, 90].map((days) => (
            <button key={days} type="button" className="link-button" data-focus={`last-${days}`} onClick={(e) => quickRange(e.currentTarget.form, days)}>
              Last {days} days
            </button>
          ))}
          <button type="button" className="link-button" data-focus="all-data" onClick={(e) => quickRange(e.currentTarget.form, null)}>
            All data
          </button>
        </div>
      )}
    </form>
  );
}
