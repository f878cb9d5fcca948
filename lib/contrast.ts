/**
 * Colour contrast as WCAG 2.2 defines it (success criterion 1.4.3, "Contrast (Minimum)"):
 * relative luminance of sRGB colours and the ratio (L1 + 0.05) / (L2 + 0.05). Used to pick a
 * readable text colour on computed backgrounds (the team heatmap) and by the test that holds
 * every colour pair of app/globals.css to 4.5:1.
 * Source: https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio and #dfn-relative-luminance.
 */

/** Normal-size text must reach this ratio against its background (AA). */
export const MIN_TEXT_CONTRAST = 4.5;

export type Rgb = readonly [number, number, number];

/** `#rgb` or `#rrggbb` → [r, g, b] in 0–255; null for anything else. */
export function parseHexColour(value: string): Rgb | null {
  const hex = value.trim().toLowerCase();
  if (!/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/.test(hex)) return null;
  const digits = hex.length === 4 ? [...hex.slice(1)].map((c) => c + c).join('') : hex.slice(1);
  return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16)) as unknown as Rgb;
}

export function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function relativeLuminance([r, g, b]: Rgb): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** 1 (same luminance) to 21 (black on white), whichever colour is lighter. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [la, lb] = [relativeLuminance(a), relativeLuminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** What `rgba(colour, alpha)` looks like painted over `under` (an opaque colour). */
export function blend(colour: Rgb, alpha: number, under: Rgb): Rgb {
  return colour.map((c, i) => c * alpha + under[i] * (1 - alpha)) as unknown as Rgb;
}

/** Of the candidate text colours, the one that contrasts most with `background`. */
export function mostReadable(background: Rgb, candidates: readonly Rgb[]): Rgb {
  return candidates.reduce((best, c) => (contrastRatio(c, background) > contrastRatio(best, background) ? c : best));
}
