import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.ts';
import { ensureCase } from '../store/connect.ts';
import { loadDemo } from '../store/demo.ts';
import { exportKind, type ExportFilters } from './exports.ts';

// An export holds what the page shows: the period, the chosen records, the timeline's kinds.
describeEachStore('exports with the page filters', (ctx) => {
  const C = 'export-filters';
  beforeAll(async () => {
    await ensureCase(ctx.store.db, C, C);
    await loadDemo(ctx.store, { caseId: C });
  });
  const run = (kind: string, format: string, filters: ExportFilters) =>
    exportKind(ctx.store, kind, { caseIds: [C], format, filters });

  it('keeps the incidents of the period and the orders asked for', async () => {
    const incidents = JSON.parse(
      await run('incidents', 'geojson', { from: '2021-01-10', to: '2021-01-11' }),
    ) as { features: { properties: { date: string } }[] };
    expect(incidents.features.length).toBeGreaterThan(0);
    for (const f of incidents.features)
      expect(['2021-01-10', '2021-01-11']).toContain(f.properties.date);
    const orders = (await run('orders', 'csv', { ids: ['O-2015-001', 'O-2015-007'] }))
      .trim()
      .split('\n');
    expect(orders.slice(1).map((l) => l.split(',')[0])).toEqual(['O-2015-001', 'O-2015-007']);
  });

  it('writes the timeline of the period and kinds as CSV', async () => {
    const csv = await run('timeline', 'csv', {
      from: '2015-05-28',
      to: '2015-06-02',
      kinds: ['payment'],
    });
    expect(csv.trim().split('\n')).toEqual([
      'date,kind,id,title,detail',
      '2015-05-28,payment,rel-pay-is-ali,Payment: Islamic State procurement cell (Raqqa) → Ali Demirtaş,',
      '2015-06-01,payment,rel-pay-ali-anadolu,Payment: Ali Demirtaş → Anadolu Kimya Dağıtım A.Ş.,',
    ]);
  });
});
