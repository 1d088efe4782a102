import { describe, expect, it } from 'vitest';
import { lookupDistrict, lookupPlace, lookupVillage } from './gazetteer.ts';
import { findOffsets, numberValue, toKilometres } from './offset.ts';

describe('village layer (data/villages, GeoNames localities via Who’s On First)', () => {
  it('knows villages cities500 lacks, with admin-1 and admin-2', () => {
    expect(lookupPlace('Buhriz', { countries: ['IQ'] }).some((p) => p.country_code === 'IQ')).toBe(
      false,
    );
    const v = lookupVillage('Buhriz', { countries: ['IQ'] })[0]!;
    expect(v.country_code).toBe('IQ');
    expect(v.admin1).toBe('Diyala');
    expect(v.admin2).toBeTruthy();
  });

  it('matches other spellings by transliteration key and Arabic script', () => {
    const latin = lookupVillage('Diban', { countries: ['SY'] })[0]!;
    expect(latin.admin1).toBe('Deir ez-Zor');
    // The same village written in Arabic script.
    const arabic = lookupVillage('ديبان', { countries: ['SY'] });
    expect(arabic.some((p) => Math.abs(p.lat - latin.lat) < 0.05)).toBe(true);
  });

  it('puts a namesake of the context province first', () => {
    const any = lookupVillage('Kisima', { countries: ['CD'] });
    expect(any.length).toBeGreaterThan(1);
    const kivu = lookupVillage('Kisima', { countries: ['CD'], admin1Code: 'CD.11' })[0]!;
    expect(kivu.admin1_code).toBe('CD.11');
  });

  it('needs a country: a village name alone is no place', () => {
    expect(lookupVillage('Buhriz')).toEqual([]);
  });

  it('places a district at the centre of its villages, precision 2', () => {
    const d = lookupDistrict('Achin district', { countries: ['AF'] })!;
    expect(d.precision).toBe(2);
    expect(d.admin1).toBe('Nangarhar');
  });
});

describe('offset grammar (findOffsets)', () => {
  const one = (s: string) => {
    const o = findOffsets(s)[0];
    return o ? [o.km, o.dir, o.anchorText] : null;
  };
  it.each([
    ['the outpost, 12 km south-west of Hit, was shelled', [12, 'SW', 'Hit']],
    ['a farm some 7 kilometres north of the town of Kobani', [7, 'N', 'Kobani']],
    ['a post about 8 miles away from Gao', [12.9, null, 'Gao']],
    ['the camp, 10-15 km northeast of Mosul', [12.5, 'NE', 'Mosul']],
    ['a base thirty kilometers east of the provincial capital of Ramadi', [30, 'E', 'Ramadi']],
    [
      'a village 22 kilometres (14 miles) outside the state capital Damaturu',
      [22, null, 'Damaturu'],
    ],
    ['fields approximately 5km from Dikwa', [5, null, 'Dikwa']],
    ['a checkpoint north-east of Jalawla', [null, 'NE', 'Jalawla']],
    ['a well in the southern part of Rutba', null],
    ['homes 30 km from the Yobe state capital', [30, null, 'Yobe state capital']],
  ])('%s', (text, want) => {
    expect(one(text)).toEqual(want);
  });
  it('is not an offset: a reach, a road length, "in the north of", "near"', () => {
    expect(findOffsets('attacks reached within 10km of Palma')).toEqual([]);
    expect(findOffsets('along the 54-kilometre road to Fotokol')).toEqual([]);
    expect(findOffsets('in the north of Raqqa province')).toEqual([]);
    expect(findOffsets('near Kirkuk')).toEqual([]);
  });
  it('reads numbers and miles', () => {
    expect(numberValue('twenty-five')).toBe(25);
    expect(numberValue('sixty')).toBe(60);
    expect(toKilometres(11, 'miles')).toBe(17.7);
    expect(toKilometres(11, 'km')).toBe(11);
  });
});
