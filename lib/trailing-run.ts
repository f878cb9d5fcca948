/**
 * Where a trailing run of characters starts, by a backwards loop. A pattern such as `/[.:]+$/`
 * is tried from every character of a long run and rescans the rest each time (quadratic), and
 * the values it runs on are as long as a customer makes them.
 */
export function trailingRunStart(s: string, inRun: (char: string) => boolean): number {
  let start = s.length;
  while (start > 0 && inRun(s[start - 1])) start--;
  return start;
}

/** `s` without its trailing run of characters for which `inRun` holds. */
export function withoutTrailing(s: string, inRun: (char: string) => boolean): string {
  const start = trailingRunStart(s, inRun);
  return start === s.length ? s : s.slice(0, start);
}
