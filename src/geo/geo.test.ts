import { describe, expect, it } from 'vitest';
import { lookupAdmin1, lookupPlace, softKey } from './gazetteer.ts';
import { compassDir, destinationPoint, distanceKm } from './offset.ts';
import { nearestPlace } from './reverse.ts';

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
    expect(lookupAdmin1('Salahuddin')?.name).toBe('Salah al-Din');
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
