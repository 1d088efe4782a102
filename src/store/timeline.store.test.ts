import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.ts';
import { caseTimeline } from '../app/timeline.ts';
import { ensureCase } from './connect.ts';
import { loadDemo } from './demo.ts';

// The demo world's dated records on one axis, on both databases: the period, the kinds and
// the order by date hold alike.
describeEachStore('case timeline', (ctx) => {
  const C = 'timeline-case';
  beforeAll(async () => {
    await ensureCase(ctx.store.db, C, C);
    await loadDemo(ctx.store, { caseId: C });
  });

  it('puts the payments and the orders of the phone-shop case on one axis, by date', async () => {
    const t = await caseTimeline(ctx.store, { caseId: C, from: '2015-05-28', to: '2015-06-02' });
    expect(t.items.map((i) => [i.date, i.kind, i.id])).toEqual([
      ['2015-05-28', 'payment', 'rel-pay-is-ali'],
      ['2015-06-01', 'payment', 'rel-pay-ali-anadolu'],
      ['2015-06-02', 'order', 'O-2015-001'],
    ]);
    expect(t.items[1]!.title).toBe('Payment: Ali Demirtaş → Anadolu Kimya Dağıtım A.Ş.');
    expect(t.counts).toMatchObject({ payment: 2, order: 1, incident: 0 });
  });

  it('keeps the kinds asked, within the last day given', async () => {
    const t = await caseTimeline(ctx.store, {
      caseId: C,
      from: '2021-01-07',
      to: '2021-01-12',
      kinds: ['incident'],
    });
    expect(t.items.length).toBeGreaterThan(10);
    for (const i of t.items) {
      expect(i.kind).toBe('incident');
      expect(i.date >= '2021-01-07' && i.date <= '2021-01-12', i.date).toBe(true);
    }
    const dates = t.items.map((i) => i.date);
    expect([...dates].sort()).toEqual(dates);
    expect(t.items.some((i) => i.date === '2021-01-12')).toBe(true);
    const seizures = await caseTimeline(ctx.store, { caseId: C, kinds: ['seizure'] });
    expect(seizures.items.map((i) => i.id)).toContain('SZ-2021-ABK');
  });
});
