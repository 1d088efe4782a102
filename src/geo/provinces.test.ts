import { describe, expect, it } from 'vitest';
import { polygonsCover } from './polygon.ts';
import { areaCovers, findProvince, provinceAreas } from './provinces.ts';

// An L of two runs (non-convex) and a square with a square hole, in [lon, lat].
const L = [
  [
    [
      [0, 0],
      [2, 0],
      [2, 1],
      [0, 1],
      [0, 0],
    ],
  ],
  [
    [
      [0, 1],
      [1, 1],
      [1, 2],
      [0, 2],
      [0, 1],
    ],
  ],
];
const framed = [
  [
    [
      [10, 10],
      [14, 10],
      [14, 14],
      [10, 14],
      [10, 10],
    ],
    [
      [11, 11],
      [13, 11],
      [13, 13],
      [11, 13],
      [11, 11],
    ],
  ],
];

describe('polygonsCover', () => {
  it('covers the inside and the boundary, not the notch of a concave shape', () => {
    expect(polygonsCover(L, 0.5, 1.5)).toBe(true); // lat 0.5, lon 1.5: the lower run
    expect(polygonsCover(L, 1.5, 0.5)).toBe(true); // the upper run
    expect(polygonsCover(L, 1.5, 1.5)).toBe(false); // the notch, inside the bounding box
    expect(polygonsCover(L, 0, 2)).toBe(true); // a vertex
    expect(polygonsCover(L, 1, 1.5)).toBe(true); // an edge of the lower run
    expect(polygonsCover(L, 2, 0.25)).toBe(true); // the top edge of the upper run
    expect(polygonsCover(L, -0.001, 1)).toBe(false);
  });

  it('leaves out a hole, its edge included in the area', () => {
    expect(polygonsCover(framed, 10.5, 10.5)).toBe(true);
    expect(polygonsCover(framed, 12, 12)).toBe(false);
    expect(polygonsCover(framed, 11, 12)).toBe(true);
  });
});

describe('province areas', () => {
  it('are derived for the gazetteer countries, each covering its own gazetteer capital', () => {
    const areas = provinceAreas();
    expect(areas.length).toBeGreaterThan(300);
    const deir = findProvince('Deir ez-Zor');
    expect(deir.country_code).toBe('SY');
    expect(areaCovers(deir, 35.336, 40.141)).toBe(true); // Deir ez-Zor city
    expect(areaCovers(deir, 33.513, 36.292)).toBe(false); // Damascus
    expect(areaCovers(findProvince('Borno'), 11.846, 13.16)).toBe(true); // Maiduguri
  });

  it('are found by code, name or another spelling, folded', () => {
    const code = findProvince('Deir ez-Zor').code;
    expect(findProvince(code.toLowerCase()).code).toBe(code);
    expect(findProvince('DEIR EZZOR Governorate').code).toBe(code);
    expect(findProvince('Dayr az Zawr', 'sy').code).toBe(code);
  });

  it('refuse an unknown name and one that another country holds, with coded errors', () => {
    expect(() => findProvince('Atlantis')).toThrow(
      expect.objectContaining({ code: 'CP_NOT_FOUND', message: expect.stringMatching(/province/) }),
    );
    expect(() => findProvince('Deir ez-Zor', 'IQ')).toThrow(
      expect.objectContaining({ code: 'CP_NOT_FOUND' }),
    );
  });
});
