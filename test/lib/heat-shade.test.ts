import { describe, expect, it } from 'vitest';
import { contrastRatio, MIN_TEXT_CONTRAST, parseHexColour, relativeLuminance } from '@/lib/contrast';
import { heatCellColours } from '@/lib/heat-shade';

const rgb = (hex: string) => parseHexColour(hex)!;

describe('heatCellColours', () => {
  const shades = Array.from({ length: 101 }, (_, i) => heatCellColours(i / 100));

  it('keeps every cell number at 4.5:1 or more, from the emptiest to the busiest cell', () => {
    const worst = Math.min(...shades.map((s) => contrastRatio(rgb(s.color), rgb(s.background))));
    expect(worst).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
  });

  it('gets darker as the cell gets busier (darker = busier, as the page says)', () => {
    const luminance = shades.map((s) => relativeLuminance(rgb(s.background)));
    for (let i = 1; i < luminance.length; i++) expect(luminance[i]).toBeLessThan(luminance[i - 1]);
    expect(luminance[0] - luminance[100]).toBeGreaterThan(0.5);
  });

  it('clamps values outside 0–1', () => {
    expect(heatCellColours(-1)).toEqual(shades[0]);
    expect(heatCellColours(7)).toEqual(shades[100]);
    expect(heatCellColours(Number.NaN)).toEqual(shades[0]);
  });
});
