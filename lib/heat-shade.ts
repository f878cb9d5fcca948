/**
 * Shading of a heatmap cell (the team page's tickets per person): the palette's blue laid over
 * the white panel, stronger for busier cells, with the text colour that reads best on it.
 * The strongest shade stops short of the band where neither dark nor white text reaches 4.5:1
 * (blue at ~81–92% opacity), so every cell's number stays readable (WCAG 1.4.3).
 */
import { blend, mostReadable, parseHexColour, toHex, type Rgb } from './contrast';

const HEAT_BLUE = parseHexColour('#0072b2')!;
const PANEL = parseHexColour('#ffffff')!;
/** --ink and white, the text colours a cell may use. */
const TEXT_COLOURS: Rgb[] = [parseHexColour('#1b1f24')!, PANEL];
const LIGHTEST = 0.06;
const DARKEST = 0.78;

/** `fraction`: the cell's value over the largest one (0–1; clamped). */
export function heatCellColours(fraction: number): { background: string; color: string } {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const background = blend(HEAT_BLUE, LIGHTEST + (DARKEST - LIGHTEST) * f, PANEL);
  return { background: toHex(background), color: toHex(mostReadable(background, TEXT_COLOURS)) };
}
