import { describe, expect, it } from 'vitest';
import { proposeMerges } from './dedupe.ts';
import { IncidentSchema, type Incident } from './schema.ts';

const inc = (
  id: string,
  date: string,
  lat: number,
  lon: number,
  attack_type: string,
  source: string,
  extra: Partial<Incident> = {},
): Incident =>
  IncidentSchema.parse({
    id,
    date,
    date_precision: 'day',
    lat,
    lon,
    attack_type,
    sources: [{ name: source, date }],
    ...extra,
  });

describe('dedupe proposals', () => {
  it('merges reports of one attack from different sources within a day and 10 km, keeping every source', () => {
    const p = proposeMerges([
      inc('a', '2021-01-11', 31.023, 33.07, 'ied', 'Shahed Sinaa', {
        killed: 2,
        place: 'Tafaha',
        perpetrator: 'ISIS',
      }),
      inc('b', '2021-01-12', 31.05, 33.1, 'ied', 'Telegram'),
      inc('c', '2021-01-11', 31.28, 34.24, 'ied', 'Telegram'),
    ]);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ kept_id: 'a', merged_ids: ['b'], attack_type: 'ied' });
    expect(p[0]!.sources.map((s) => s.name)).toEqual(['Shahed Sinaa', 'Telegram']);
    expect(p[0]!.explanation).toMatch(/b \(Telegram\) is 4\.\d km and 1 day\(s\) from a/);
  });

  it('keeps apart different types, two days apart, more than 10 km apart, or one source twice', () => {
    expect(
      proposeMerges([
        inc('a', '2021-01-11', 34.0, 44.9, 'ied', 'X'),
        inc('b', '2021-01-11', 34.0, 44.9, 'armed_assault', 'Y'),
        inc('c', '2021-01-13', 34.0, 44.9, 'ied', 'Y'),
        inc('d', '2021-01-11', 34.2, 44.9, 'ied', 'Y'),
        inc('e', '2021-01-11', 34.0, 44.901, 'ied', 'X'),
      ]),
    ).toEqual([]);
  });

  it('does not chain near neighbours into one group when the ends are too far apart', () => {
    const p = proposeMerges([
      inc('a', '2021-01-11', 34.0, 44.0, 'ied', 'A'),
      inc('b', '2021-01-11', 34.0, 44.08, 'ied', 'B'),
      inc('c', '2021-01-11', 34.0, 44.16, 'ied', 'C'),
    ]);
    expect(p).toHaveLength(1);
    expect(p[0]!.merged_ids).toHaveLength(1);
  });
});
