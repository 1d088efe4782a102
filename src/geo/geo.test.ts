import { describe, expect, it } from 'vitest';
import {
  gazetteerStats,
  isTownName,
  locatePlace,
  lookupAdmin1,
  lookupCountry,
  lookupPlace,
  softKey,
  type Place,
} from './gazetteer.ts';
import { compassDir, destinationPoint, distanceKm } from './offset.ts';
import { inRegion, nearestPlace, nearestPoint } from './reverse.ts';

describe('gazetteer', () => {
  it.each([
    ['Deir ez-Zor', 'SY', 35.336, 40.141],
    ['Deir Ezzor', 'SY', 35.336, 40.141],
    ['Dayr az Zawr', 'SY', 35.336, 40.141],
    ['Al-Mayadeen', 'SY', 35.02, 40.452],
    ['Al Mayadin', 'SY', 35.02, 40.452],
    ['Mayadin', 'SY', 35.02, 40.452],
    ['Raqqa', 'SY', 35.953, 39.008],
    ['Ar Raqqah', 'SY', 35.953, 39.008],
    ['Al-Raqqah', 'SY', 35.953, 39.008],
    ['Al-Hasakah', 'SY', 36.502, 40.748],
    ['Hasaka', 'SY', 36.502, 40.748],
    ['Sheikh Zuweid', 'EG', 31.216, 34.111],
    ['Bir al-Abd', 'EG', 31.019, 33.01],
    ['Al-Arish', 'EG', 31.132, 33.798],
    ['Maiduguri', 'NG', 11.847, 13.157],
    ['Damaturu', 'NG', 11.747, 11.961],
    ['Jalalabad', 'AF', 34.426, 70.452],
    ['Beni', 'CD', 0.491, 29.473],
    ['Sinjar', 'IQ', 36.321, 41.877],
    ['Rutba', 'IQ', 33.037, 40.286],
    ['Qaim', 'IQ', 34.393, 40.989],
  ])('finds %s', (name, cc, lat, lon) => {
    const p = lookupPlace(name)[0]!;
    expect(p.country_code).toBe(cc);
    expect(distanceKm(p.lat, p.lon, lat, lon)).toBeLessThan(2);
  });

  it('prefers the context country for a shared name (Rafah in Egypt, not Gaza)', () => {
    expect(lookupPlace('Rafah', { countries: ['EG'] })[0]!.country_code).toBe('EG');
  });

  it('transliteration key folds the spellings together', () => {
    expect(new Set(['Deir ez-Zor', 'Deir Ezzor', 'Dayr az Zawr'].map(softKey)).size).toBe(1);
    expect(softKey('Sheikh Zuweid')).toBe(softKey('Shaykh Zuwayd'));
  });

  it('names the admin-1 as bulletins write it', () => {
    expect(lookupAdmin1('Diyala Province')?.name).toBe('Diyala');
    expect(lookupAdmin1('Borno State')?.name).toBe('Borno');
    expect(lookupAdmin1('Salah al-Din')?.name).toBe('Salahuddin');
    expect(lookupPlace('Baqubah')[0]!.admin1).toBe('Diyala');
    expect(lookupPlace('Jalalabad')[0]!.admin1).toBe('Nangarhar');
  });
});

describe('offsets', () => {
  it('computes the great-circle destination point', () => {
    const p = destinationPoint(35.01982, 40.45154, 10, 0);
    expect(distanceKm(35.01982, 40.45154, p.lat, p.lon)).toBeCloseTo(10, 3);
    expect(p.lon).toBeCloseTo(40.45154, 5);
    const ne = destinationPoint(0, 0, 100, 45);
    expect(ne.lat).toBeCloseTo(0.6359, 3);
    expect(ne.lon).toBeCloseTo(0.6359, 3);
  });

  it('reads compass words', () => {
    expect(compassDir('north-east')).toBe('NE');
    expect(compassDir('Southwest')).toBe('SW');
    expect(compassDir('up')).toBeNull();
  });

  it('reverse geocodes a point to its nearest town', () => {
    expect(nearestPlace(33.76, 44.61, 'IQ')?.admin1).toBe('Diyala');
  });
});

describe("the wide layer (trade: border villages and the world's cities)", () => {
  it('is seen only by lookups that ask for it, before and after it is loaded', () => {
    const before = gazetteerStats();
    expect(lookupPlace('Copenhagen')).toEqual([]);
    expect(lookupPlace('Copenhagen', { wide: true })[0]?.country_code).toBe('DK');
    // Loaded now: bulletin lookups still do not see it, nor do the stats and reverse geocoding.
    expect(lookupPlace('Copenhagen')).toEqual([]);
    expect(lookupPlace('Madrid', { countries: ['SY'] })).toEqual([]);
    expect(gazetteerStats()).toEqual(before);
    expect(nearestPlace(36.701, 38.949, 'TR', 5)).toBeNull();
    for (const [name, cc] of [
      ['London', 'GB'],
      ['Madrid', 'ES'],
      ['Dubai', 'AE'],
      ['Hamburg', 'DE'],
      ['Baku', 'AZ'],
    ])
      expect(lookupPlace(name!, { wide: true })[0]?.country_code, name).toBe(cc);
  });

  it('ranks namesakes by the context, then population', () => {
    // A village of 500 people near the Syrian border, which places.tsv (5,000+ in TR) lacks.
    expect(lookupPlace('Karkamış')).toEqual([]);
    const k = lookupPlace('Karkamış', { wide: true, countries: ['TR'] })[0]!;
    expect([k.country_code, Math.round(k.lat * 10) / 10]).toEqual(['TR', 36.8]);
    expect(lookupPlace('Tripoli', { wide: true })[0]?.country_code).toBe('LY');
    expect(lookupPlace('Tripoli', { wide: true, countries: ['LB'] })[0]?.country_code).toBe('LB');
  });
});

describe('free-text places', () => {
  const gate: Place = {
    id: 'test:gate',
    name: 'Akçakale gümrük kapısı',
    country_code: 'TR',
    country: 'Turkey',
    admin1_code: null,
    admin1: null,
    lat: 36.701,
    lon: 38.949,
    population: 0,
    feature: 'OURS',
    precision: 1,
  };

  it('tries the whole text, then its parts, then its words', () => {
    for (const t of ['Akçakale', 'AKÇAKALE', 'Akcakale, Sanliurfa', 'Akçakale (merkez)'])
      expect(locatePlace(t, { countries: ['TR'], wide: true })?.name, t).toBe('Akçakale');
    expect(locatePlace('Organize Sanayi Akcakale', { countries: ['TR'] })?.name).toBe('Akçakale');
    expect(locatePlace('Nowhere-upon-Nothing', { wide: true })).toBeNull();
    expect(locatePlace('', { wide: true })).toBeNull();
  });

  it("takes the caller's named points where the gazetteer has no place", () => {
    expect(locatePlace('Akçakale Gümrük Kapısı', { extra: [gate] })).toBe(gate);
    // A name the gazetteer knows stays the gazetteer's.
    expect(locatePlace('Akçakale', { extra: [{ ...gate, name: 'Akçakale' }] })?.id).toMatch(
      /^geonames:/,
    );
  });
});

describe('towns, points and regions', () => {
  it('tells town names (with or without an article) by population', () => {
    expect(isTownName('gaziantep', 10_000)).toBe(true);
    expect(isTownName('raqqah', 10_000)).toBe(true); // Ar Raqqah
    expect(isTownName('karahan', 10_000, { wide: true })).toBe(false);
    expect(isTownName('hamburg', 10_000)).toBe(false);
    expect(isTownName('hamburg', 10_000, { wide: true })).toBe(true);
  });

  it('finds the nearest of a list of points and tests country and circle regions', () => {
    const pts = [
      { id: 'a', lat: 36.7, lon: 38.95 },
      { id: 'b', lat: 36.64, lon: 37.08 },
    ];
    const n = nearestPoint(pts, 36.75, 37.1)!;
    expect(n.point.id).toBe('b');
    expect(n.distance_km).toBeCloseTo(distanceKm(36.75, 37.1, 36.64, 37.08), 9);
    expect(nearestPoint([], 0, 0)).toBeNull();
    expect(inRegion({ country: 'SY' }, 'SY', NaN, NaN)).toBe(true);
    expect(inRegion({ country: 'SY' }, 'TR', 36.2, 37.1)).toBe(false);
    expect(inRegion({ lat: 36.335, lon: 43.119, radius_km: 90 }, 'IQ', 36.19, 44.01)).toBe(true);
    expect(inRegion({ lat: 36.335, lon: 43.119, radius_km: 50 }, 'IQ', 36.19, 44.01)).toBe(false);
    expect(inRegion({}, 'IQ', 36.19, 44.01)).toBe(false);
  });

  it("knows the sellers' countries by name", () => {
    expect(lookupCountry('United Kingdom')?.code).toBe('GB');
    expect(lookupCountry('UAE')?.code).toBe('AE');
    expect(lookupCountry('Türkiye')?.code).toBe('TR');
  });
});
