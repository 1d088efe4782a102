import { describe, expect, it } from 'vitest';
import { IncidentColumns } from './columnar.ts';
import { previousPeriod, summarise, type SummaryRow } from './summary.ts';

const row = (
  date: string,
  admin1: string,
  attack_type: string | null,
  killed: number | null,
  wounded: number | null,
  casualties_total: number | null = null,
  country = 'Iraq',
): SummaryRow => ({
  date,
  country,
  country_code: null,
  admin1,
  attack_type,
  killed,
  wounded,
  casualties_total,
});

describe('summary', () => {
  it('compares with the period of equal length just before', () => {
    expect(previousPeriod('2021-01-07', '2021-01-13')).toEqual({
      from: '2020-12-31',
      to: '2021-01-06',
    });
    expect(previousPeriod('2021-03-01', '2021-03-01')).toEqual({
      from: '2021-02-28',
      to: '2021-02-28',
    });
  });

  it('counts unknown counts as nothing, uses casualties_total when only "killed or wounded" is known, and skips arrests', () => {
    const s = summarise(
      [
        row('2021-01-07', 'Diyala', 'ied', 2, null),
        row('2021-01-08', 'Diyala', 'armed_assault', null, null),
        row('2021-01-09', 'Borno', 'suicide_bombing', null, null, 20, 'Nigeria'),
        row('2021-01-09', 'Kirkuk', 'arrest_raid', 7, null),
        row('2021-01-10', 'Kirkuk', null, 1, 1),
        row('2021-01-02', 'Diyala', 'sniper', 1, 3),
        row('2020-12-30', 'Diyala', 'sniper', 9, 9),
      ],
      '2021-01-07',
      '2021-01-13',
    );
    expect(s.totals).toEqual({
      attacks: 3,
      killed: 2,
      wounded: 0,
      casualties: 22,
      casualties_per_attack: 7.33,
    });
    expect(s.previous).toEqual({
      attacks: 1,
      killed: 1,
      wounded: 3,
      casualties: 4,
      casualties_per_attack: 4,
    });
    expect(s.by_admin1.map((b) => [b.key, b.attacks])).toEqual([
      ['Diyala', 2],
      ['Borno', 1],
    ]);
    expect(s.by_week).toEqual([
      { key: '2021-01-07', attacks: 3, killed: 2, wounded: 0, casualties: 22 },
    ]);
    expect(Object.keys(s)).toEqual([
      'from',
      'to',
      'totals',
      'previous',
      'by_country',
      'by_admin1',
      'by_attack_type',
      'by_week',
      // Added by issue 19 after the contract's fields, which keep their order.
      'by_event_type',
      'by_actor',
    ]);
  });

  it('refuses an impossible date', () => {
    expect(() => summarise([], '2021-02-30', '2021-03-01')).toThrow(/--from is not a date/);
    expect(() => summarise([], '2021-03-02', '2021-03-01')).toThrow(/--to is before --from/);
  });
});

describe('columnar roll-up', () => {
  it('gives the same admin-1 × type × week cells as summarising each group row by row', () => {
    const admin1s = ['Diyala', 'Kirkuk', 'Borno', 'Deir ez-Zor'];
    const types = ['ied', 'armed_assault', 'sniper', 'arrest_raid'];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const rows: SummaryRow[] = [];
    for (let i = 0; i < 2000; i++) {
      const day = 1 + rand(28);
      rows.push(
        row(
          `2021-02-${String(day).padStart(2, '0')}`,
          admin1s[rand(4)]!,
          types[rand(4)]!,
          rand(3) === 0 ? null : rand(5),
          rand(4) === 0 ? null : rand(3),
          rand(10) === 0 ? rand(30) : null,
        ),
      );
    }
    const cells = IncidentColumns.build(rows).rollup('2021-02-01', '2021-02-28');
    for (const cell of cells) {
      const group = rows.filter(
        (r) => r.admin1 === cell.admin1 && r.attack_type === cell.attack_type,
      );
      const s = summarise(
        group,
        cell.week,
        cell.week.replace(/\d\d$/, (d) => String(Number(d) + 6).padStart(2, '0')),
      );
      expect({
        attacks: cell.attacks,
        killed: cell.killed,
        wounded: cell.wounded,
        casualties: cell.casualties,
      }).toEqual({
        attacks: s.totals.attacks,
        killed: s.totals.killed,
        wounded: s.totals.wounded,
        casualties: s.totals.casualties,
      });
    }
    expect(cells.reduce((a, c) => a + c.attacks, 0)).toBe(
      rows.filter((r) => r.attack_type !== 'arrest_raid').length,
    );
    expect(cells.some((c) => c.attack_type === 'arrest_raid')).toBe(false);
  });
});
