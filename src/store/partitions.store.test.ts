import { expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.ts';
import type { Incident } from '../incidents/schema.ts';
import { ensureCase } from './connect.ts';
import { loadIncidents } from './incidents.ts';
import {
  createPartitionRehearsal,
  dropPartitionRehearsal,
  partitionSizes,
  partitionsTouched,
  runMonthQuery,
  type PartitionPlan,
} from './partitions.ts';

/** Incidents of a case spread over the first six months of 2021, a few a day. */
function incidentsOf(caseId: string, n: number): Incident[] {
  return Array.from({ length: n }, (_, k) => ({
    id: `${caseId}-${k}`,
    text: null,
    date: `2021-0${1 + (k % 6)}-${String(1 + (k % 28)).padStart(2, '0')}`,
    date_precision: 'day',
    country: 'Syria',
    country_code: 'SY',
    admin1: ['Raqqa', 'Homs', 'Aleppo'][k % 3]!,
    admin2: null,
    place: null,
    anchor_place: null,
    offset_km: null,
    offset_dir: null,
    lat: null,
    lon: null,
    geo_precision: null,
    event_type: null,
    sub_event_type: null,
    attack_type: k % 5 === 0 ? 'arrest_raid' : 'ied',
    perpetrator: null,
    target: null,
    killed: k % 4,
    wounded: null,
    casualties_total: null,
    attribution: 'unknown',
    sources: [],
    confidence: null,
  })) as Incident[];
}

// The rehearsal is PostgreSQL's (docs/scaling.md); SQLite has no partitions to rehearse.
describeEachStore('partitions by case and month (issue 24, item 5)', (ctx, dialect) => {
  it.runIf(dialect === 'postgres')(
    'a case+month query touches one partition and answers as the whole table does',
    async () => {
      const plan: PartitionPlan = {
        schema: `${ctx.store.pgSchema}_parts`,
        caseIds: ['alpha', 'beta', 'gamma'],
        months: ['2021-01', '2021-02', '2021-03', '2021-04', '2021-05', '2021-06'],
      };
      for (const c of plan.caseIds) {
        await ensureCase(ctx.store.db, c, c);
        await loadIncidents(ctx.store, c, [incidentsOf(c, 600)]);
      }
      try {
        expect(await createPartitionRehearsal(ctx.store.db, plan)).toBe(1800);
        expect(await partitionsTouched(ctx.store.db, plan, 'beta', '2021-03')).toEqual([
          'p1_202103',
        ]);
        // The same figures as the unpartitioned table gives.
        const byAdmin1 = (rows: { admin1: string | null; attacks: number; killed: number }[]) =>
          [...rows].sort((a, b) => String(a.admin1).localeCompare(String(b.admin1)));
        const parted = await runMonthQuery(ctx.store.db, plan, 'beta', '2021-03', true);
        const whole = await runMonthQuery(ctx.store.db, plan, 'beta', '2021-03', false);
        expect(byAdmin1(parted)).toEqual(byAdmin1(whole));
        expect(parted.reduce((a, r) => a + Number(r.attacks), 0)).toBe(80);
        // 3 cases × (6 months + a default partition).
        const sizes = await partitionSizes(ctx.store.db, plan.schema);
        expect(sizes).toHaveLength(21);
        expect(sizes.find((p) => p.name === 'p1_202103')!.rows).toBe(100);
      } finally {
        await dropPartitionRehearsal(ctx.store.db, plan.schema);
      }
    },
  );
});
