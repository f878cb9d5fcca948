import { describe, expect, it } from 'vitest';
import { blend, contrastRatio, mostReadable, parseHexColour, toHex } from '@/lib/contrast';

const rgb = (hex: string) => parseHexColour(hex)!;

describe('WCAG contrast ratio', () => {
  it('is 21 for black on white and 1 for a colour on itself', () => {
    expect(contrastRatio(rgb('#000'), rgb('#fff'))).toBeCloseTo(21, 5);
    expect(contrastRatio(rgb('#0072b2'), rgb('#0072b2'))).toBe(1);
  });

  it('matches the figures axe-core reported for the old verdict colours on white', () => {
    expect(contrastRatio(rgb('#d55e00'), rgb('#ffffff'))).toBeCloseTo(3.86, 1);
    expect(contrastRatio(rgb('#009e73'), rgb('#ffffff'))).toBeCloseTo(3.42, 2);
    // White on the old heatmap's half shade (axe: 2.49 for #69acd2).
    expect(contrastRatio(rgb('#ffffff'), rgb('#69acd2'))).toBeCloseTo(2.49, 2);
  });

  it('parses only #rgb and #rrggbb', () => {
    expect(parseHexColour('#AbC')).toEqual([0xaa, 0xbb, 0xcc]);
    expect(parseHexColour('rgb(0,0,0)')).toBeNull();
    expect(parseHexColour('#12345')).toBeNull();
    expect(toHex(rgb('#0072b2'))).toBe('#0072b2');
  });

  it('blends a translucent colour over its background and picks the more readable text', () => {
    expect(toHex(blend(rgb('#000000'), 0.5, rgb('#ffffff')))).toBe('#808080');
    expect(toHex(mostReadable(rgb('#0b3c5d'), [rgb('#1b1f24'), rgb('#ffffff')]))).toBe('#ffffff');
    expect(toHex(mostReadable(rgb('#dcebf6'), [rgb('#1b1f24'), rgb('#ffffff')]))).toBe('#1b1f24');
  });
});
