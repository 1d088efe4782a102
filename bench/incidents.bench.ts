import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import type { IncidentColumns } from '../src/incidents/columnar.ts';
import { openStore, sqliteHandle } from '../src/store/connect.ts';
import { importAcledIntoSqlite, loadIncidentColumns } from '../src/store/incidents.ts';
import { report, scaled, time } from './harness.ts';

/**
 * Import of N generated ACLED rows (current schema) and the admin-1 × attack type × week
 * roll-up over them, each beside DuckDB doing the same on the same CSV file in the same
 * run. Ours: read, then parse + validate on a worker thread while the main thread inserts
 * the batches into a SQLite file, in one transaction; the roll-up over the
 * columnar index (its one-off build is reported apart). DuckDB: read_csv into a
 * file-backed table; GROUP BY over it.
 */
const OUT = fileURLToPath(new URL('./out/', import.meta.url));

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

export async function run(): Promise<void> {
  const n = scaled(1_000_000);
  mkdirSync(OUT, { recursive: true });
  const csv = `${OUT}acled-${n}.csv`;
  if (!existsSync(csv)) generate(n, csv);
  const size = `${n} ACLED rows`;

  // --- import
  const dbFile = `${OUT}incidents-bench.db`;
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true });
  const store = await openStore({ url: dbFile });
  let rows = 0;
  const oursImport = await time(async () => {
    rows = await importAcledIntoSqlite(store, 'default', readFileSync(csv, 'utf8'), 'acled.csv');
  });
  const duckFile = `${OUT}incidents-bench.duckdb`;
  for (const f of [duckFile, `${duckFile}.wal`]) rmSync(f, { force: true });
  const duck = await DuckDBInstance.create(duckFile);
  const conn = await duck.connect();
  const duckImport = await time(() =>
    conn.run(`create table incidents as select * from read_csv('${csv}', header = true)`),
  );
  report({
    bench: 'incidents import',
    size,
    ours: `read+parse+validate (worker thread) + SQLite insert, one transaction (${Math.round(rows / (oursImport / 1000))} rows/s)`,
    ours_ms: oursImport,
    peer: `DuckDB read_csv (${Math.round(n / (duckImport / 1000))} rows/s)`,
    peer_ms: duckImport,
  });

  // --- roll-up: admin-1 × type × week over the whole two years
  const from = '2020-01-01';
  const to = '2021-12-30';
  let columns: IncidentColumns | undefined;
  const build = await time(async () => {
    columns = await loadIncidentColumns(store, ['default']);
  });
  let cells = 0;
  const oursRollup = await time(() => {
    cells = columns!.rollup(from, to).length;
  }, 5);
  let duckCells = 0;
  const duckRollup = await time(async () => {
    const r = await conn.runAndReadAll(
      // The same cells as ours: ACLED sub-event types mapped to our attack types, weeks from \`from\`.
      `select country, admin1,
              case sub_event_type when 'Remote explosive/landmine/IED' then 'ied' when 'Suicide bomb' then 'suicide_bombing'
                when 'Air/drone strike' then 'airstrike' when 'Shelling/artillery/missile attack' then 'rocket_mortar'
                when 'Abduction/forced disappearance' then 'kidnapping' when 'Looting/property destruction' then 'arson_sabotage'
                else 'armed_assault' end as attack_type,
              floor((event_date - date '${from}') / 7) as week, count(*) as attacks, sum(fatalities) as killed
       from incidents where event_date between date '${from}' and date '${to}'
         and event_type <> 'Protests' and event_type <> 'Riots'
       group by all`,
    );
    duckCells = r.getRows().length;
  }, 5);
  const sqliteGroupBy = await time(() => {
    sqliteHandle(store)!
      .prepare(
        `select admin1, attack_type, (julianday(date) - julianday('${from}')) / 7 as week, count(*), sum(killed) from incidents where date between ? and ? and attack_type is not null group by 1, 2, 3`,
      )
      .all(from, to);
  });
  report({
    bench: 'incidents roll-up admin1×type×week',
    size,
    ours: `columnar index (${cells} cells; index built once in ${build.toFixed(0)} ms)`,
    ours_ms: oursRollup,
    peer: `DuckDB GROUP BY (${duckCells} cells)`,
    peer_ms: duckRollup,
    note: `SQLite GROUP BY on the same table: ${sqliteGroupBy.toFixed(0)} ms`,
  });
  conn.closeSync();
  duck.closeSync();
  await store.close();
}
