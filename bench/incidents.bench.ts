import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { openStore } from '../src/store/connect.ts';
import { incidentSummary } from '../src/store/incidents.ts';
import { refreshRollup } from '../src/store/rollups.ts';
import { report, scaled, time, withBenchPostgres } from './harness.ts';

/**
 * Import of N generated ACLED rows (current schema) and the summary over them, on SQLite
 * and (BENCH_PG_URL set) PostgreSQL, each beside DuckDB doing the same on the same CSV
 * file in the same run. Ours: what a user runs, `chokepoint import acled FILE --db URL`,
 * spawned and timed by the wall clock (start-up, reading, parsing, the search index, actor
 * names, roll-up, import log and audit row included); then the summary from that roll-up.
 * DuckDB: read_csv into a file-backed table, timed just before each of ours; GROUP BY
 * admin-1 × type × week over it.
 */
const OUT = fileURLToPath(new URL('./out/', import.meta.url));
const CLI = fileURLToPath(new URL('../bin/chokepoint.js', import.meta.url));

/** Runs the CLI, resolving when it exits 0 (rejecting with its stderr otherwise). */
function runCli(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`chokepoint ${args[0]} exited ${code}: ${err}`)),
    );
  });
}

/** DuckDB's read_csv of the file into a fresh file-backed table, in milliseconds. */
async function duckImport(csv: string): Promise<number> {
  const duckFile = `${OUT}incidents-bench.duckdb`;
  for (const f of [duckFile, `${duckFile}.wal`]) rmSync(f, { force: true });
  const duck = await DuckDBInstance.create(duckFile);
  const conn = await duck.connect();
  try {
    return await time(() =>
      conn.run(`create table incidents as select * from read_csv('${csv}', header = true)`),
    );
  } finally {
    conn.closeSync();
    duck.closeSync();
  }
}

/** The load average over the last minute, for the figures' notes (the machine is shared). */
const load = () => loadavg()[0]!.toFixed(1);

const ADMIN1 = [
  [
    'Syria',
    760,
    [
      'Deir ez Zor',
      'Ar Raqqa',
      'Al Hasakeh',
      'Homs',
      'Hama',
      'Aleppo',
      'Idleb',
      'Dara',
      'Rural Damascus',
      'Damascus',
    ],
  ],
  [
    'Iraq',
    368,
    [
      'Diyala',
      'Salah al-Din',
      'Kirkuk',
      'Al Anbar',
      'Baghdad',
      'Babil',
      'Ninewa',
      'Erbil',
      'Basrah',
      'Wassit',
    ],
  ],
  [
    'Nigeria',
    566,
    [
      'Borno',
      'Yobe',
      'Adamawa',
      'Zamfara',
      'Kaduna',
      'Katsina',
      'Niger',
      'Benue',
      'Plateau',
      'Sokoto',
    ],
  ],
  [
    'Afghanistan',
    4,
    [
      'Nangarhar',
      'Kunar',
      'Kabul',
      'Helmand',
      'Kandahar',
      'Ghazni',
      'Kunduz',
      'Faryab',
      'Balkh',
      'Herat',
    ],
  ],
  [
    'Democratic Republic of Congo',
    180,
    ['North Kivu', 'South Kivu', 'Ituri', 'Tanganyika', 'Kasai'],
  ],
  ['Somalia', 706, ['Banadir', 'Lower Shabelle', 'Middle Shabelle', 'Bay', 'Gedo']],
  ['Mali', 466, ['Mopti', 'Gao', 'Timbuktu', 'Menaka', 'Segou']],
  ['Burkina Faso', 854, ['Sahel', 'Est', 'Nord', 'Centre-Nord', 'Boucle du Mouhoun']],
] as const;
const TYPES = [
  ['Explosions/Remote violence', 'Remote explosive/landmine/IED'],
  ['Explosions/Remote violence', 'Air/drone strike'],
  ['Explosions/Remote violence', 'Shelling/artillery/missile attack'],
  ['Explosions/Remote violence', 'Suicide bomb'],
  ['Battles', 'Armed clash'],
  ['Violence against civilians', 'Attack'],
  ['Violence against civilians', 'Abduction/forced disappearance'],
  ['Strategic developments', 'Looting/property destruction'],
] as const;
const HEADER =
  'event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp';

function generate(n: number, file: string): void {
  // mulberry32: a small seeded generator, so that every run imports the same file.
  let seed = 42;
  const rand = (k: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * k);
  };
  const start = Date.UTC(2020, 0, 1);
  const parts: string[] = [HEADER];
  for (let i = 0; i < n; i++) {
    const [country, iso, admin1s] = ADMIN1[rand(ADMIN1.length)]!;
    const admin1 = admin1s[rand(admin1s.length)]!;
    const [et, st] = TYPES[rand(TYPES.length)]!;
    const date = new Date(start + rand(730) * 86_400_000).toISOString().slice(0, 10);
    const lat = (rand(3000) / 100).toFixed(4);
    const lon = (10 + rand(6000) / 100).toFixed(4);
    const killed = rand(4) === 0 ? rand(20) : rand(3);
    const notes = `On ${date}, an incident of type ${st} was recorded in ${admin1}; ${killed} fatalities were reported.`;
    parts.push(
      `GEN${i},${date},${date.slice(0, 4)},1,Political violence,${et},${st},Unidentified Armed Group (${country}),,3,Military Forces of ${country},,1,13,,${iso},Region,${country},${admin1},District ${rand(20)},,Town ${rand(500)},${lat},${lon},${1 + rand(3)},Local Source; Wire,National,"${notes}",${killed},,1600000000`,
    );
  }
  writeFileSync(file, parts.join('\n') + '\n');
}

/** DuckDB's GROUP BY of the same cells as the summary's admin-1 × type × week over [from, to]. */
function duckRollupSql(from: string, to: string): string {
  // ACLED sub-event types mapped to our attack types, weeks counted from `from`.
  return `select country, admin1,
              case sub_event_type when 'Remote explosive/landmine/IED' then 'ied' when 'Suicide bomb' then 'suicide_bombing'
                when 'Air/drone strike' then 'airstrike' when 'Shelling/artillery/missile attack' then 'rocket_mortar'
                when 'Abduction/forced disappearance' then 'kidnapping' when 'Looting/property destruction' then 'arson_sabotage'
                else 'armed_assault' end as attack_type,
              floor((event_date - date '${from}') / 7) as week, count(*) as attacks, sum(fatalities) as killed
       from incidents where event_date between date '${from}' and date '${to}'
         and event_type <> 'Protests' and event_type <> 'Riots'
       group by all`;
}

/** One database's half: `chokepoint import acled` (roll-up kept current inside it) beside DuckDB, then the summary. */
async function benchStore(o: {
  db: 'sqlite' | 'postgres';
  url: string;
  csv: string;
  n: number;
  duckRollup: number;
  duckCells: number;
}): Promise<void> {
  // The store exists before a user imports into it: opened (and so migrated) untimed.
  await (await openStore({ url: o.url })).close();
  const duck = await duckImport(o.csv);
  const before = load();
  const ours = await time(() => runCli(['import', 'acled', o.csv, '--db', o.url]));
  const after = load();
  const size = `${o.n} ACLED rows`;
  report({
    bench: 'incidents import',
    db: o.db,
    size,
    ours: `chokepoint import acled FILE --db (${o.db === 'sqlite' ? 'SQLite' : 'PostgreSQL'}), spawned, wall clock (${Math.round(o.n / (ours / 1000))} rows/s)`,
    ours_ms: ours,
    peer: `DuckDB read_csv, just before (${Math.round(o.n / (duck / 1000))} rows/s)`,
    peer_ms: duck,
    note: `goal ≤ 2×; ours includes the process start, reading and decoding the file, parsing and validating on a worker thread, the incidents, search index, actor names and roll-up in one transaction, the import log and audit row; the peer builds no index; load average ${before} before ours, ${after} after`,
  });
  const store = await openStore({ url: o.url });
  try {
    // A first import adds its roll-up cells up in memory as the rows pass (timed within the
    // import); re-grouping the same days from the table is what a later import over them costs.
    const refresh = await time(() =>
      store.db.transaction().execute((trx) => refreshRollup(trx, 'default', FROM, TO)),
    );
    let cells = 0;
    const summary = await time(async () => {
      const s = await incidentSummary(store.db, ['default'], FROM, TO);
      cells = s.by_admin1.length * s.by_attack_type.length;
    }, 5);
    report({
      bench: 'incidents summary (roll-up)',
      db: o.db,
      size,
      ours: `incidentSummary over two years, every dimension and the previous period, from the roll-up table`,
      ours_ms: summary,
      peer: `DuckDB GROUP BY admin-1 × type × week (${o.duckCells} cells)`,
      peer_ms: o.duckRollup,
      note: `the roll-up was kept current by the import above (timed there); re-grouping those days from the table (an import into a case that already holds them) ${refresh.toFixed(0)} ms; ${cells} admin-1 × type pairs`,
    });
  } finally {
    await store.close();
  }
}

const FROM = '2020-01-01';
const TO = '2021-12-30';

export async function run(): Promise<void> {
  const n = scaled(1_000_000);
  mkdirSync(OUT, { recursive: true });
  const csv = `${OUT}acled-${n}.csv`;
  if (!existsSync(csv)) generate(n, csv);

  // The CLI built from src/ before anything is timed (bin/chokepoint.js rebuilds a stale dist/).
  await runCli(['--help']);
  await duckImport(csv);
  const duck = await DuckDBInstance.create(`${OUT}incidents-bench.duckdb`);
  const conn = await duck.connect();
  let duckCells = 0;
  const duckRollup = await time(async () => {
    duckCells = (await conn.runAndReadAll(duckRollupSql(FROM, TO))).getRows().length;
  }, 5);
  conn.closeSync();
  duck.closeSync();

  const dbFile = `${OUT}incidents-bench.db`;
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true });
  const peers = { csv, n, duckRollup, duckCells };
  await benchStore({ db: 'sqlite', url: dbFile, ...peers });
  await withBenchPostgres('incidents', (url) => benchStore({ db: 'postgres', url, ...peers }));
}
