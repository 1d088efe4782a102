import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.ts';
import { foldText } from '../core/fold.ts';
import { IncidentSchema, type Incident } from '../incidents/schema.ts';
import { ensureCase } from './cases.ts';
import {
  decodeCursor,
  encodeCursor,
  explainIncidentPage,
  loadIncidents,
  pageIncidents,
  TOTAL_CAP,
  upsertIncidents,
  type IncidentQuery,
} from './incidents.ts';
import type { Store } from './connect.ts';

/**
 * Lists that scale (issue 18, item 3): keyset pages return every row exactly once, in
 * order, with every filter, while rows arrive between pages; totals are exact or
 * flagged; and no filtered list scans the table or sorts it (the query plans, on both
 * databases).
 */

const COUNTRIES = [
  ['Syria', 'SY'],
  ['SYRIA', 'SY'],
  ['Iraq', 'IQ'],
  ['Türkiye', 'TR'],
] as const;
const ADMIN1 = ['Deir ez-Zor', 'Raqqa', 'Şanlıurfa', 'Nineveh', null];
const TYPES = ['ied', 'armed_assault', 'ambush', null] as const;
const PERPS = ['Islamic State', 'ISLAMIC STATE', 'Unknown gunmen', null];

function incident(i: number, extra: Partial<Record<string, unknown>> = {}): Incident {
  const [country, code] = COUNTRIES[i % COUNTRIES.length]!;
  const day = 1 + ((i * 37) % 300);
  return IncidentSchema.parse({
    id: `inc-${String(i).padStart(5, '0')}`,
    text: `Incident ${i}`,
    // Every 11th undated; many share a day, so ties are broken by id.
    date: i % 11 === 0 ? null : new Date(Date.UTC(2023, 0, day)).toISOString().slice(0, 10),
    country,
    country_code: code,
    admin1: ADMIN1[i % ADMIN1.length],
    attack_type: TYPES[i % TYPES.length],
    perpetrator: PERPS[i % PERPS.length],
    attribution: (['claimed', 'suspected', 'unknown'] as const)[i % 3],
    geo_precision: (i % 7) % 3 === 0 ? 1 : 2,
    sources: [{ name: 'Monitor', date: null }],
    ...extra,
  });
}

/** The list's order: by date (null first ascending, last descending), ties by id. */
function byOrder(sort: 'date' | '-date') {
  return (a: Incident, b: Incident) => {
    const da = a.date ?? '';
    const db = b.date ?? '';
    const c = da < db ? -1 : da > db ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return sort === 'date' ? c : -c;
  };
}

/** Every page of a query, following next_cursor. */
async function walk(store: Store, caseId: string, f: Omit<IncidentQuery, 'offset'>) {
  const seen: Incident[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await pageIncidents(store, caseId, { ...f, offset: 0, cursor });
    seen.push(...page.items);
    if (!page.next_cursor) return seen;
    expect(page.items).toHaveLength(f.limit);
    cursor = page.next_cursor;
  }
  throw new Error('never ends');
}

const FILTERS: [string, Partial<IncidentQuery>, (i: Incident) => boolean][] = [
  ['none', {}, () => true],
  ['country name, folded', { country: 'syria' }, (i) => foldText(i.country ?? '') === 'syria'],
  ['country diacritics', { country: 'TURKIYE' }, (i) => i.country === 'Türkiye'],
  ['country code', { country: 'iq' }, (i) => i.country_code === 'IQ'],
  ['admin1, folded', { admin1: 'sanliurfa' }, (i) => i.admin1 === 'Şanlıurfa'],
  ['admin1, lower case', { admin1: 'deir ez-zor' }, (i) => i.admin1 === 'Deir ez-Zor'],
  [
    "admin1, the gazetteer's other spellings",
    { admin1: 'Dayr az Zawr' },
    (i) => i.admin1 === 'Deir ez-Zor',
  ],
  ['geo-precision', { geo_precision: 1 }, (i) => i.geo_precision === 1],
  ['attack type', { attack_type: 'ambush' }, (i) => i.attack_type === 'ambush'],
  ['attribution', { attribution: 'claimed' }, (i) => i.attribution === 'claimed'],
  [
    'perpetrator, folded',
    { perpetrator: 'islamic state' },
    (i) => foldText(i.perpetrator ?? '') === 'islamic state',
  ],
  [
    'date range',
    { from: '2023-03-01', to: '2023-06-30' },
    (i) => i.date !== null && i.date >= '2023-03-01' && i.date <= '2023-06-30',
  ],
  [
    'admin1 × attack type × dates',
    { admin1: 'Raqqa', attack_type: 'ied', from: '2023-02-01' },
    (i) => i.admin1 === 'Raqqa' && i.attack_type === 'ied' && (i.date ?? '') >= '2023-02-01',
  ],
];

describe('incident cursors', () => {
  it('round-trip and are refused when bent or for another sort', () => {
    const c = encodeCursor({ sort: '-date', date: null, id: 'x' });
    expect(decodeCursor(c, '-date')).toEqual({ sort: '-date', date: null, id: 'x' });
    expect(() => decodeCursor(c, 'date')).toThrow(/sort=-date/);
    for (const bad of ['nope', Buffer.from('[1,2]').toString('base64url'), '%%%'])
      expect(() => decodeCursor(bad, 'date')).toThrowError(
        expect.objectContaining({ code: 'CP_BAD_REQUEST' }),
      );
  });
});

describeEachStore('incident pages', (ctx) => {
  const A = 'pages-a';
  const B = 'pages-b';
  const N = 1300;
  const all: Incident[] = [];
  beforeAll(async () => {
    await ensureCase(ctx.store.db, A, 'Pages');
    await ensureCase(ctx.store.db, B, 'Other');
    for (let i = 0; i < N; i++) all.push(incident(i));
    // Half through the bulk loader, half through the ordinary writer: both fold alike.
    await loadIncidents(ctx.store, A, [all.slice(0, 600), all.slice(600, 650)]);
    await upsertIncidents(ctx.store.db, A, all.slice(650));
    await upsertIncidents(ctx.store.db, B, [incident(1, { id: 'b-only' })]);
  });

  for (const sort of ['date', '-date'] as const)
    for (const [name, f, keep] of FILTERS)
      it(`walks every ${name} row once, in order, sort=${sort}`, async () => {
        const expected = all.filter(keep).sort(byOrder(sort));
        expect(expected.length).toBeGreaterThan(0);
        const got = await walk(ctx.store, A, { ...f, limit: 37, sort });
        expect(got.map((i) => i.id)).toEqual(expected.map((i) => i.id));
        // The first page by offset agrees, and says how many there are.
        const first = await pageIncidents(ctx.store, A, { ...f, limit: 37, offset: 0, sort });
        expect(first.items.map((i) => i.id)).toEqual(expected.slice(0, 37).map((i) => i.id));
        if (expected.length < TOTAL_CAP)
          expect(first).toMatchObject({ total: expected.length, total_exact: true });
        else expect(first).toMatchObject({ total: TOTAL_CAP, total_exact: false });
        const counted = await pageIncidents(ctx.store, A, {
          ...f,
          limit: 37,
          offset: 0,
          sort,
          count: true,
        });
        expect(counted).toMatchObject({ total: expected.length, total_exact: true });
      });

  it('continues an offset page with its cursor', async () => {
    const expected = [...all].sort(byOrder('date'));
    const p = await pageIncidents(ctx.store, A, { limit: 20, offset: 100 });
    expect(p.items.map((i) => i.id)).toEqual(expected.slice(100, 120).map((i) => i.id));
    expect(p).toMatchObject({ total: 100 + TOTAL_CAP, total_exact: false });
    const next = await pageIncidents(ctx.store, A, {
      limit: 20,
      offset: 0,
      cursor: p.next_cursor!,
    });
    expect(next.items.map((i) => i.id)).toEqual(expected.slice(120, 140).map((i) => i.id));
    // The first page's total rides in the cursor: the page after counts nothing.
    expect(next).toMatchObject({ total: p.total, total_exact: false });
    await expect(
      pageIncidents(ctx.store, A, { limit: 20, offset: 5, cursor: p.next_cursor! }),
    ).rejects.toMatchObject({ code: 'CP_BAD_REQUEST' });
  });

  it('returns every row once under inserts between pages', async () => {
    for (const sort of ['date', '-date'] as const) {
      const C = `pages-ins-${sort === 'date' ? 'asc' : 'desc'}`;
      await ensureCase(ctx.store.db, C, 'Inserts');
      const base = all.slice(0, 400);
      await upsertIncidents(ctx.store.db, C, base);
      const seen: string[] = [];
      const added: Incident[] = [];
      let cursor: string | undefined;
      for (let k = 0; ; k++) {
        const page = await pageIncidents(ctx.store, C, { limit: 25, offset: 0, sort, cursor });
        seen.push(...page.items.map((i) => i.id));
        if (!page.next_cursor) break;
        cursor = page.next_cursor;
        // New rows on every side of the cursor: undated, early, late, and on the same day.
        const last = page.items[page.items.length - 1]!;
        const fresh = [
          incident(10_000 + k * 4, { date: null }),
          incident(10_001 + k * 4, { date: '2022-06-01' }),
          incident(10_002 + k * 4, { date: '2024-06-01' }),
          incident(10_003 + k * 4, { date: last.date }),
        ];
        added.push(...fresh);
        await upsertIncidents(ctx.store.db, C, fresh);
      }
      // No row twice; every row there from the start, once; and in order.
      expect(new Set(seen).size).toBe(seen.length);
      const byId = new Map([...base, ...added].map((i) => [i.id, i]));
      for (const i of base) expect(seen).toContain(i.id);
      const rows = seen.map((id) => byId.get(id)!);
      expect(rows).toEqual([...rows].sort(byOrder(sort)));
      // Rows added ahead of the cursor were listed; those behind it were not.
      const final = await walk(ctx.store, C, { limit: 500, sort });
      expect(final.map((i) => i.id)).toEqual(
        [...byId.values()].sort(byOrder(sort)).map((i) => i.id),
      );
    }
  });

  it('keeps each case to itself', async () => {
    const b = await walk(ctx.store, B, { limit: 10 });
    expect(b.map((i) => i.id)).toEqual(['b-only']);
  });

  // The plans: every filtered page, first or by cursor, and its count walk an index in
  // the list's order: no full scan of incidents and no sort.
  const plans: [string, Partial<IncidentQuery>][] = [
    ...FILTERS.map(([n, f]) => [n, f] as [string, Partial<IncidentQuery>]),
    ['desc', { sort: '-date' }],
    [
      'country × dates, desc',
      { country: 'Syria', from: '2023-01-10', to: '2023-05-01', sort: '-date' },
    ],
    ['perpetrator × attribution', { perpetrator: 'Unknown gunmen', attribution: 'suspected' }],
  ];
  for (const [name, f] of plans)
    it(`plans "${name}" without a scan or a sort, first page and by cursor`, async () => {
      const sort = f.sort ?? 'date';
      const cursors = [
        undefined,
        encodeCursor({ sort, date: '2023-04-01', id: 'inc-00500' }),
        encodeCursor({ sort, date: null, id: 'inc-00500' }),
      ];
      for (const cursor of cursors) {
        const texts = await explainIncidentPage(ctx.store, A, {
          ...f,
          limit: 50,
          offset: 0,
          cursor,
        });
        expect(texts.length).toBeGreaterThanOrEqual(2);
        for (const [k, t] of texts.entries()) {
          // The last statement is the capped count: any index will do, in any order.
          const count = k === texts.length - 1;
          if (ctx.store.dialect === 'sqlite') {
            expect(t, t).not.toMatch(/\bSCAN incidents\b/);
            expect(t, t).not.toMatch(/TEMP B-TREE/);
            expect(t, t).toMatch(
              count ? /USING (COVERING )?INDEX/ : /USING (COVERING )?INDEX incidents_list/,
            );
          } else {
            expect(t, t).not.toMatch(/Seq Scan|Sort|disabled/i);
            expect(t, t).toMatch(
              count
                ? /Index (Only )?Scan|Bitmap Index Scan/
                : /Index (Only )?Scan (Backward )?using incidents_list/,
            );
          }
        }
      }
    });
});
