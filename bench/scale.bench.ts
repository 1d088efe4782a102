import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Incident } from '../src/incidents/schema.ts';
import { ensureCase, openStore, type Store } from '../src/store/connect.ts';
import { importFile } from '../src/store/importer.ts';
import { incidentSummary, loadIncidents } from '../src/store/incidents.ts';
import {
  createPartitionRehearsal,
  dropPartitionRehearsal,
  partitionSizes,
  partitionsTouched,
  runMonthQuery,
  type PartitionPlan,
} from '../src/store/partitions.ts';
import { refreshRollup } from '../src/store/rollups.ts';
import { report, scaled, time, withBenchPostgres } from './harness.ts';

/**
 * Issue 24 at the sizes it names, on PostgreSQL (BENCH_PG_URL) and on SQLite at the size
 * it is meant for:
 * 1. a decade of 10 M incidents in one case, loaded through COPY (the roll-up kept
 *    current inside the load, its share timed); the summary over two years and over the
 *    decade from the roll-up, against PostgreSQL's own GROUP BY over the incidents;
 * 2. a month of 10 000 new incidents imported into that case (`import incidents`, COPY),
 *    with what keeping the roll-up current cost of it;
 * 3. the partition rehearsal of docs/scaling.md: cases × months partitions, the plan of a
 *    case+month query (partitions touched), its time against the unpartitioned table's,
 *    and each partition's rows and bytes, from which the plan's numbers follow.
 * BENCH_SCALE scales every size.
 */

const ADMIN1: [string, string, string[]][] = [
  ['Syria', 'SY', ['Deir ez-Zor', 'Raqqa', 'Al-Hasakah', 'Aleppo', 'Homs', 'Idlib', 'Daraa']],
  ['Iraq', 'IQ', ['Nineveh', 'Anbar', 'Salah ad-Din', 'Diyala', 'Kirkuk', 'Baghdad']],
  ['Nigeria', 'NG', ['Borno', 'Yobe', 'Adamawa', 'Zamfara', 'Kaduna', 'Katsina']],
  ['Mali', 'ML', ['Mopti', 'Gao', 'Timbuktu', 'Menaka', 'Segou']],
  ['Somalia', 'SO', ['Banadir', 'Lower Shabelle', 'Middle Shabelle', 'Bay', 'Gedo']],
  ['Afghanistan', 'AF', ['Nangarhar', 'Kunar', 'Kabul', 'Helmand', 'Kandahar']],
];
const TYPES = [
  'ied',
  'armed_assault',
  'targeted_killing',
  'ambush',
  'rocket_mortar',
  'arrest_raid',
];
const DAY0 = Date.UTC(2015, 0, 1);

/** `n` generated incidents over `days` days from 2015-01-01 (seeded: every run the same), in batches. */
function* world(prefix: string, n: number, days: number, seed = 7): Generator<Incident[]> {
  let s = seed >>> 0;
  const r = (k: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 4294967296) * k);
  };
  for (let i = 0; i < n; i += 10_000) {
    const batch: Incident[] = [];
    for (let k = i; k < Math.min(n, i + 10_000); k++) {
      const [country, cc, admin1s] = ADMIN1[r(ADMIN1.length)]!;
      batch.push({
        id: `${prefix}${k}`,
        text: null,
        date: new Date(DAY0 + r(days) * 86_400_000).toISOString().slice(0, 10),
        date_precision: 'day',
        country,
        country_code: cc,
        admin1: admin1s[r(admin1s.length)]!,
        admin2: null,
        place: null,
        anchor_place: null,
        offset_km: null,
        offset_dir: null,
        lat: 10 + r(2500) / 100,
        lon: 20 + r(4500) / 100,
        geo_precision: 2,
        event_type: 'Explosions/Remote violence',
        sub_event_type: null,
        attack_type: TYPES[r(TYPES.length)]!,
        perpetrator: `Armed group ${r(12)}`,
        target: null,
        killed: r(4),
        wounded: r(3),
        casualties_total: null,
        attribution: 'unknown',
        sources: [],
        confidence: null,
      } as unknown as Incident);
    }
    yield batch;
  }
}

const isoDay = (d: number) => new Date(DAY0 + d * 86_400_000).toISOString().slice(0, 10);

/** PostgreSQL's or SQLite's own GROUP BY of admin-1 × type × week over the incidents table: the summary without a roll-up. */
async function groupByWithoutRollup(store: Store, caseId: string, from: string, to: string) {
  const week =
    store.dialect === 'sqlite'
      ? `cast((julianday(date) - julianday('${from}')) / 7 as integer)`
      : `((cast(date as date) - date '${from}') / 7)`;
  await sql
    .raw(
      `select admin1, attack_type, ${week} as week, count(*), sum(coalesce(killed, 0)) from incidents
       where case_id = '${caseId}' and merged_into is null and date between '${from}' and '${to}'
         and attack_type is not null and attack_type <> 'arrest_raid' group by 1, 2, 3`,
    )
    .execute(store.db);
}

/** The decade's load and summaries on one database. */
async function bigCase(store: Store, db: 'sqlite' | 'postgres', n: number): Promise<void> {
  const days = 3650;
  await ensureCase(store.db, 'big', 'A decade');
  const load = await time(() => loadIncidents(store, 'big', world('inc-', n, days)));
  const refresh = await time(() =>
    store.db.transaction().execute((trx) => refreshRollup(trx, 'big', isoDay(0), isoDay(days))),
  );
  const size = `${n} incidents, one case, ${days / 365} years`;
  report({
    bench: 'scale load',
    db,
    size,
    ours: `loadIncidents (${db === 'postgres' ? 'COPY' : 'raw inserts'}, indexes rebuilt, roll-up re-added) ${Math.round(n / (load / 1000))} rows/s`,
    ours_ms: load,
    peer: 'none (the import ratio is incidents.bench.ts)',
    peer_ms: null,
    note: `roll-up cells added up in memory within the load; re-grouping the decade's days from the table instead ${(refresh / 1000).toFixed(1)} s; load average ${loadavg()[0]!.toFixed(1)}`,
  });
  for (const [label, from, to] of [
    ['two years', isoDay(days - 730), isoDay(days - 1)],
    ['the decade', isoDay(0), isoDay(days - 1)],
  ] as const) {
    const ours = await time(() => incidentSummary(store.db, ['big'], from, to), 5);
    const peer = await time(() => groupByWithoutRollup(store, 'big', from, to));
    report({
      bench: `scale summary over ${label}`,
      db,
      size,
      ours: 'incidentSummary from the roll-up (every dimension, previous period)',
      ours_ms: ours,
      peer: `${db === 'postgres' ? 'PostgreSQL' : 'SQLite'} GROUP BY admin-1 × type × week over the incidents`,
      peer_ms: peer,
      note: db === 'postgres' ? 'goal < 200 ms at 10 M' : 'SQLite, at the size it is meant for',
    });
  }
  // A month of new incidents, as a team imports it: COPY on PostgreSQL, the month's days re-added.
  const month = [...world('new-', scaled(10_000), 30, 11)].flat().map((i) => ({
    ...i,
    date: isoDay(days + Number(i.date!.slice(8, 10))),
  }));
  const text = month.map((i) => JSON.stringify(i)).join('\n');
  const imp = await time(() =>
    importFile(store, 'incidents', 'month.jsonl', { caseId: 'big', text }),
  );
  const monthRefresh = await time(() =>
    store.db
      .transaction()
      .execute((trx) => refreshRollup(trx, 'big', isoDay(days), isoDay(days + 31))),
  );
  report({
    bench: 'scale import a month into the decade',
    db,
    size: `${month.length} incidents into ${n}`,
    ours: 'import incidents (JSON lines: validate, write, sources, search index, actor names, roll-up)',
    ours_ms: imp,
    peer: "the roll-up's share: the month's days re-added",
    peer_ms: monthRefresh,
  });
}

/** The rehearsal: cases × months partitions of the incidents, a case+month query on them and on the plain table. */
async function rehearsal(store: Store, perCase: number): Promise<void> {
  const months = Array.from(
    { length: 24 },
    (_, m) => `20${15 + Math.floor(m / 12)}-${String(1 + (m % 12)).padStart(2, '0')}`,
  );
  const plan: PartitionPlan = { schema: 'rehearsal', caseIds: ['c0', 'c1', 'c2', 'c3'], months };
  for (const [k, c] of plan.caseIds.entries()) {
    await ensureCase(store.db, c, c);
    await loadIncidents(store, c, world(`${c}-`, perCase, 730, 100 + k));
  }
  try {
    let copied = 0;
    const build = await time(async () => {
      copied = await createPartitionRehearsal(store.db, plan);
    });
    const touched = await partitionsTouched(store.db, plan, 'c2', '2016-03');
    const parted = await time(() => runMonthQuery(store.db, plan, 'c2', '2016-03', true), 21);
    const whole = await time(() => runMonthQuery(store.db, plan, 'c2', '2016-03', false), 21);
    const sizes = (await partitionSizes(store.db, plan.schema)).filter(
      (p) => !p.name.endsWith('_other'),
    );
    const rows = sizes.reduce((a, p) => a + p.rows, 0) / sizes.length;
    const bytes = sizes.reduce((a, p) => a + p.bytes, 0) / sizes.length;
    report({
      bench: 'scale partitions: case+month query',
      db: 'postgres',
      size: `${copied} incidents in ${plan.caseIds.length} cases × ${months.length} months`,
      ours: `partitioned by case then month: touches ${touched.join(', ')}`,
      ours_ms: parted,
      peer: 'the same query on the unpartitioned table (list index)',
      peer_ms: whole,
      note: `partitions built in ${(build / 1000).toFixed(1)} s; a partition holds ${Math.round(rows)} rows in ${(bytes / 1024 / 1024).toFixed(2)} MB (table and indexes), ${Math.round(bytes / rows)} bytes a row`,
    });
  } finally {
    await dropPartitionRehearsal(store.db, plan.schema);
  }
}

/** The parts to run (BENCH_SCALE_PARTS=big,rehearsal,sqlite; default all): the 10 M load alone takes a while. */
const PARTS = new Set((process.env.BENCH_SCALE_PARTS ?? 'big,rehearsal,sqlite').split(','));

export async function run(): Promise<void> {
  await withBenchPostgres('scale', async (url) => {
    const store = await openStore({ url });
    try {
      if (PARTS.has('big')) await bigCase(store, 'postgres', scaled(10_000_000));
      if (PARTS.has('rehearsal')) await rehearsal(store, scaled(250_000));
    } finally {
      await store.close();
    }
  });
  if (!PARTS.has('sqlite')) return;
  // SQLite at the size it is meant for (README, Scaling): a team's store of ~2 M incidents.
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-scale-'));
  const store = await openStore({ url: join(dir, 'scale.db') });
  try {
    await bigCase(store, 'sqlite', scaled(2_000_000));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
