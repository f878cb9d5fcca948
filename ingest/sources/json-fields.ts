/**
 * Reading fields of parsed JSON defensively: exports are user-supplied, so any field may be
 * missing, null or of the wrong type, and a wrong type must become a rejected row, not a crash.
 */
import { isObject } from './json-input';

/** Text of a string or number field; null when absent, null or another type. */
export function textField(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** An id: a non-empty string or a finite number, as text. */
export function idField(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** A person or account as an API nests it: `{login}`, `{name}`, `{email}` or plain text. */
export function personField(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (!isObject(value)) return null;
  for (const key of ['login', 'name', 'displayName', 'email']) {
    const v = value[key];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  return null;
}

/** String items of an array field, or of its objects' `name` (GitHub labels). */
export function namesField(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out = new Set<string>();
  for (const item of value) {
    const name = typeof item === 'string' ? item : isObject(item) && typeof item.name === 'string' ? item.name : null;
    if (name !== null && name.trim() !== '') out.add(name.trim());
  }
  return [...out];
}

/** Objects of an array field; other items are dropped. */
export function objectsField(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

export function numberField(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
