import { describe, expect, it } from 'vitest';
import { locate, passageContext } from './places.ts';

const geo = (text: string) =>
  locate(text, passageContext({ countries: [], admin1Code: null }, text));

describe('places in text (locate)', () => {
  it('keeps the most specific place as written, located by the village layer', () => {
    const g = geo(
      'Gunmen attacked a checkpoint in Iraq’s Diyala province. The attack hit the village of Buhriz at dawn.',
    );
    expect(g.place).toBe('Buhriz');
    expect(g.country).toBe('Iraq');
    expect(g.admin1).toBe('Diyala');
    expect(g.geo_precision).toBe(1);
  });

  it('keeps a place the gazetteer does not know, and the province it names', () => {
    const g = geo(
      'Militants raided the village of Qarbat Xyzzy in Syria’s Hasakah province on Monday.',
    );
    expect(g.place).toBe('Qarbat Xyzzy');
    expect(g.country).toBe('Syria');
    expect(g.admin1).toBe('Al-Hasakah');
    expect(g.geo_precision).toBe(3);
  });

  it('keeps facilities with their kind word', () => {
    expect(geo('A bomb went off on Khalid street in the city of Mosul, Iraq.').place).toBe(
      'Khalid street',
    );
    expect(geo('A woman was killed in the Roj camp, northeast Syria.').place).toBe('Roj camp');
  });

  it('an offset gives the anchor, the distance and a computed point', () => {
    const g = geo('Insurgents attacked the town of Gubio, 60 km north of Maiduguri, Nigeria.');
    expect(g.place).toBe('Gubio');
    expect(g.offset_km).toBe(60);
    expect(g.offset_dir).toBe('N');
    expect(g.anchor_place).toBe('Maiduguri');
  });

  it('never takes words of organisations, operations and outlets for places or countries', () => {
    const g = geo(
      'Iran-backed militias and the Syrian Democratic Forces clashed in the town of Hajin, the Syrian Observatory for Human Rights said.',
    );
    expect(g.country).toBe('Syria');
    expect(g.place).toBe('Hajin');
    const w = geo(
      'Fighters of the Islamic State West Africa Province attacked soldiers of Operation Hadin Kai in the town of Damasak, Borno State.',
    );
    expect(w.country).toBe('Nigeria');
    expect(w.place).toBe('Damasak');
  });

  it('adjectives of nationality inform the country, foreign patrons do not', () => {
    expect(
      passageContext(
        { countries: [], admin1Code: null },
        'Nigerian troops repelled an attack by US-backed … Iranian-made drones.',
      ).countries[0],
    ).toBe('NG');
  });
});
