import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readNameCsv } from './csv.ts';
import { DEFAULT_THRESHOLD, matchRecords } from './match.ts';
import { calibrate } from './calibration.ts';

interface Families {
  families: { schema: string; names: string[] }[];
  near_misses: { schema: string; a: string; b: string }[];
}
const fx = JSON.parse(
  readFileSync(new URL('./fixtures/families.json', import.meta.url), 'utf8'),
) as Families;
const rec = (id: string, name: string, schema: string, extra = {}) => ({
  id,
  schema,
  names: [name],
  ...extra,
});

describe('matchRecords on spelling families', () => {
  for (const fam of fx.families) {
    it(`matches every pair of ${fam.names[0]}`, () => {
      for (const a of fam.names)
        for (const b of fam.names) {
          const r = matchRecords(rec('a', a, fam.schema), rec('b', b, fam.schema));
          expect(r.score, `${a} / ${b}: ${JSON.stringify(r.features)}`).toBeGreaterThanOrEqual(
            DEFAULT_THRESHOLD,
          );
        }
    });
  }
});

describe('matchRecords precision on near misses', () => {
  for (const m of fx.near_misses) {
    it(`keeps ${m.a} apart from ${m.b}`, () => {
      const r = matchRecords(rec('a', m.a, m.schema), rec('b', m.b, m.schema));
      expect(r.score, JSON.stringify(r.features)).toBeLessThan(DEFAULT_THRESHOLD);
    });
  }
  it('never matches different families with each other', () => {
    let worst = 0;
    let pair = '';
    for (const f1 of fx.families)
      for (const f2 of fx.families) {
        if (f1 === f2) continue;
        const r = matchRecords(
          rec('a', f1.names[0]!, f1.schema),
          rec('b', f2.names[0]!, f2.schema),
        );
        if (r.score > worst) [worst, pair] = [r.score, `${f1.names[0]} / ${f2.names[0]}`];
      }
    expect(worst, pair).toBeLessThan(DEFAULT_THRESHOLD);
  });
});

describe('matchRecords features', () => {
  it('explains a raw score by its features and calibrates it', () => {
    const r = matchRecords(rec('a', 'Mohamed Hassan', 'Person'), rec('b', 'محمد حسن', 'Person'));
    // Every letter has a rendering: the most a pair across scripts gets (spelling is unchecked).
    expect(r.features.name_token_match!.value).toBe(0.95);
    expect(r.features.name_literal).toBeUndefined();
    const best = Math.max(...Object.entries(r.features).map(([, f]) => f.value * f.weight));
    expect(r.raw_score).toBeCloseTo(best, 3);
    expect(r.score).toBeCloseTo(calibrate(r.raw_score), 3);
  });
  it('never matches a person with a company', () => {
    const r = matchRecords(rec('a', 'Al Noor', 'Person'), rec('b', 'Al Noor', 'Company'));
    expect(r.score).toBe(0);
    expect(r.features.schema_mismatch).toBeDefined();
  });
  it('adds matching identifiers and subtracts contradicting birth dates and countries', () => {
    const base = matchRecords(
      rec('a', 'Ahmed Khalil', 'Person'),
      rec('b', 'Ahmad Khaleel', 'Person'),
    ).score;
    const dob = matchRecords(
      rec('a', 'Ahmed Khalil', 'Person', { birthDates: ['1970-01-02'] }),
      rec('b', 'Ahmad Khaleel', 'Person', { birthDates: ['1984-05-06'] }),
    );
    expect(dob.score).toBeLessThan(base);
    expect(dob.features.birth_date_mismatch!.weight).toBeLessThan(0);
    const country = matchRecords(
      rec('a', 'Ahmed Khalil', 'Person', { countries: ['Syria'] }),
      rec('b', 'Ahmad Khaleel', 'Person', { countries: ['SY'] }),
    );
    expect(country.features.country_match).toBeDefined();
    const weakName = matchRecords(
      rec('a', 'Noor Chemicals', 'Company', { identifiers: ['TR-123 456'] }),
      rec('b', 'Nur Kimya', 'Company', { identifiers: ['tr123456'] }),
    );
    expect(weakName.features.identifier_match).toBeDefined();
    const noId = matchRecords(
      rec('a', 'Noor Chemicals', 'Company'),
      rec('b', 'Nur Kimya', 'Company'),
    );
    expect(weakName.score).toBeGreaterThan(noId.score);
    const email = matchRecords(
      rec('a', 'X Y', 'Person', { emails: ['A@b.com'] }),
      rec('b', 'Z W', 'Person', { emails: ['a@b.com'] }),
    );
    expect(email.features.email_match).toBeDefined();
  });
  it('matches a short name against the fuller form on a list', () => {
    const r = matchRecords(
      rec('a', 'Osama bin Laden', 'Person'),
      rec('b', 'Usama bin Muhammad bin Awad bin Ladin', 'Person'),
    );
    expect(r.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });
  it('meets a Belarusian romanisation whose known name has another canonical form', () => {
    // Мікалай is romanised mikalay; the passport's Mikalai is a known spelling of Nikolai.
    const r = matchRecords(
      rec('a', 'Мікалай Карпянкоў', 'Person'),
      rec('b', 'Mikalai Karpiankou', 'Person'),
    );
    expect(r.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    // …but y for i is no licence for other letters: Saleh (Salih) is not Salem.
    const apart = matchRecords(rec('a', 'Omar Saleh', 'Person'), rec('b', 'Omar Salem', 'Person'));
    expect(apart.score).toBeLessThan(DEFAULT_THRESHOLD);
  });
  it("meets a company's generic words across languages and scripts", () => {
    for (const [a, b] of [
      ['Концерн Калашников', 'Kalashnikov Concern'],
      ['حقاني شبکه', 'Haqqani Network'],
      ['אלביט מערכות', 'Elbit Systems'],
    ]) {
      const r = matchRecords(rec('a', a!, 'Company'), rec('b', b!, 'Company'));
      expect(r.score, `${a} / ${b}`).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    }
    // Generic words weigh little: two banks are not one for sharing the word.
    const banks = matchRecords(
      rec('a', 'Банк Россия', 'Company'),
      rec('b', 'Bank Audi', 'Company'),
    );
    expect(banks.score).toBeLessThan(DEFAULT_THRESHOLD);
  });
  it('uses aliases', () => {
    const r = matchRecords(
      {
        id: 'a',
        schema: 'Person',
        names: ['Ibrahim Awad Ibrahim al-Badri', 'Abu Bakr al-Baghdadi'],
      },
      rec('b', 'Abou Bakr el-Baghdadi', 'Person'),
    );
    expect(r.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(r.names!.left).toBe('Abu Bakr al-Baghdadi');
  });
});

describe('matchRecords across schemas', () => {
  it('keeps a person apart from a one-word organisation once its legal form is dropped', () => {
    for (const [person, org] of [
      ['Selim Kaplan', 'SALIM S.A.'],
      ['Murat Ateş', 'MIRATH S.A.L.'],
    ]) {
      const r = matchRecords(rec('a', person!, 'Person'), rec('b', org!, 'LegalEntity'));
      expect(r.score, JSON.stringify(r.features)).toBe(0);
      expect(r.features.schema_mismatch).toBeDefined();
    }
  });
  it('scores one word shared between a person and an entry of no stated kind below the threshold', () => {
    const r = matchRecords(rec('a', 'Furkan Bulut', 'Person'), rec('b', 'OPLOT', 'LegalEntity'));
    expect(r.score).toBeLessThan(DEFAULT_THRESHOLD);
    expect(r.features.schema_uncertain?.weight).toBeLessThan(0);
  });
  it('still matches a person against an entry of no stated kind that spells the name', () => {
    const r = matchRecords(
      rec('a', 'Yusuf Darwish', 'Person'),
      rec('b', 'DARWISH, Yusuf', 'LegalEntity'),
    );
    expect(r.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });
});

describe('matchRecords on family members', () => {
  it('keeps brother and sister apart: different own names before one chain of fathers, full dates that differ', () => {
    const r = matchRecords(
      rec('a', 'ALI BARZAN IBRAHIM HASAN AL-TIKRITI', 'Person', { birthDates: ['1981-04-18'] }),
      rec('b', 'AL-TIKRITI, Thoraya Barzan Ibrahim Hasan', 'Person', {
        birthDates: ['1980-12-19'],
      }),
    );
    expect(r.score, JSON.stringify(r.features)).toBeLessThan(DEFAULT_THRESHOLD);
    expect(r.features.birth_date_mismatch).toBeDefined();
  });
  it('tolerates a year either side when one side gives only the year', () => {
    const r = matchRecords(
      rec('a', 'Ali Barzan al-Tikriti', 'Person', { birthDates: ['1981'] }),
      rec('b', 'Ali Barzan al-Tikriti', 'Person', { birthDates: ['1980-12-19'] }),
    );
    expect(r.features.birth_year_match).toBeDefined();
  });
  it('takes an entry of no stated kind with an organisation word for an organisation', () => {
    const r = matchRecords(
      rec('a', 'Saeed Bagheri', 'Person'),
      rec('b', 'SHAHID BAKERI INDUSTRIAL GROUP', 'LegalEntity'),
    );
    expect(r.score).toBe(0);
  });
});

describe('readNameCsv birth dates', () => {
  it('reads ISO timestamps, dotted and unambiguous slashed dates, and lists of dates', () => {
    const records = readNameCsv(
      [
        'id,name,birth_date',
        'a,Ali Hassan,1975-03-12T00:00:00Z',
        'b,Ali Hassan,12.03.1975',
        'c,Ali Hassan,25/12/1975',
        'd,Ali Hassan,03/04/1970',
        'e,Ali Hassan,1975;1976-05',
      ].join('\n'),
      'dates.csv',
    );
    expect(records.map((r) => r.birthDates)).toEqual([
      ['1975-03-12'],
      ['1975-03-12'],
      ['1975-12-25'],
      ['1970'],
      ['1975', '1976-05'],
    ]);
  });
  it('reads schema names in any casing as FollowTheMoney spells them', () => {
    const records = readNameCsv(
      'id,name,schema\n1,Ali Hassan,person\n2,Acme,COMPANY\n3,UN,organisation\n',
      'schemas.csv',
    );
    expect(records.map((r) => r.schema)).toEqual(['Person', 'Company', 'Organization']);
  });
  it("reads OpenSanctions' simple CSV column names as ours", () => {
    const [r] = readNameCsv(
      'id,schema,name,aliases,birth_date,countries,identifiers,phones,emails\n' +
        'NK-1,Person,Yusuf Darwish,Youssef Darwich,1969-02-03,sy,N0445120,+963 11 555,y@example.org\n',
      'targets.simple.csv',
    );
    expect(r).toMatchObject({
      names: ['Yusuf Darwish', 'Youssef Darwich'],
      countries: ['sy'],
      identifiers: ['N0445120'],
      phones: ['+963 11 555'],
      emails: ['y@example.org'],
    });
  });
  it('refuses what is not a date, naming the line and field', () => {
    expect(() => readNameCsv('id,name,birth_date\na,Ali,last spring\n', 'bad.csv')).toThrow(
      /bad\.csv, line 2, field "birth_date"/,
    );
  });
});
