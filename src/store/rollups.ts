import type SQLite from 'better-sqlite3';
import { CompiledQuery, SqliteAdapter, sql, type Kysely } from 'kysely';
import { dayNumber, isoOfDay } from '../core/date.ts';
import { DayCells, type DayCellsSnapshot, type RollupSource } from '../incidents/rollup-cells.ts';
import type { RollupCell } from '../incidents/summary.ts';
import type { DialectName } from './connect.ts';
import type { Database } from './types.ts';

/**
 * The incident roll-up table (issue 24, item 2): per case and day, the summary's figures
 * already added up along each of its dimensions, so that a summary reads a few thousand
 * pre-added cells instead of every incident of the period, however many millions those
 * are. Kept current by every writer of incidents, inside its own transaction:
 * `refreshRollup` re-adds the days a write touched from the incidents themselves (a
 * materialised view maintained by range, as in Gupta & Mumick, "Maintenance of
 * Materialized Views", IEEE Data Eng. Bull. 18(2), 1995), so a re-import, a merge or a
 * revert leaves it exact.
 *
 * Dimensions (`dim`), with their keys (`k1`, `k2`; '' stands for none):
 * - `type`: the attack type, attacks only (totals, weeks, previous period and by type);
 * - `admin1`: country (or its code) and admin-1 ('unknown' when none), attacks only;
 * - `event`: the ACLED event type ('unknown' when none), every incident (`events`);
 * - `actor`: the perpetrator's name and country code, every incident; the actor is
 *   joined at read time, since actor names are edited after import.
 * `attacks`, `killed`, `wounded` and `casualties` add attacks only (summary.ts's rules).
 */
export const ROLLUP_DIMS = ['type', 'admin1', 'event', 'actor'] as const;

/** Migration 0013's roll-up table and its key; PostGIS and the rest follow in migrate0013. */
export async function createRollupTable(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incident_rollup')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('k1', 'text', (c) => c.notNull())
    .addColumn('k2', 'text', (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .addColumn('attacks', 'integer', (c) => c.notNull())
    .addColumn('killed', 'integer', (c) => c.notNull())
    .addColumn('wounded', 'integer', (c) => c.notNull())
    .addColumn('casualties', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_rollup_pk', ['case_id', 'dim', 'day', 'k1', 'k2'])
    .execute();
}

function dialectOf(db: Kysely<Database> | Kysely<unknown>): DialectName {
  return db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres';
}

/**
 * Month cells: each dimension again per month (`m:type`, …), keyed by the month's first
 * day, so that a long period reads its whole months a cell each and only the days at its
 * edges day by day (a decade: 120 cells a key instead of 3 650).
 */
const MONTH_DIMS = ROLLUP_DIMS.map((d) => `m:${d}`);

/** The first day of an ISO date's month, and its last. */
function monthStart(iso: string): string {
  return `${iso.slice(0, 8)}01`;
}
function monthEnd(iso: string): string {
  const [y, m] = iso.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return isoOfDay(dayNumber(next)! - 1);
}

/** The day number of the first day of the month of the `day` column (a day number). */
function monthSql(dialect: DialectName): string {
  return dialect === 'sqlite'
    ? "cast(julianday(date(day * 86400, 'unixepoch', 'start of month')) - 2440587.5 as integer)"
    : "(cast(date_trunc('month', date '1970-01-01' + day) as date) - date '1970-01-01')";
}

/** Days since 1970-01-01 of the `date` column, in each dialect's own date arithmetic. */
function daySql(dialect: DialectName): string {
  return dialect === 'sqlite'
    ? 'cast(julianday(date) - 2440587.5 as integer)'
    : "(cast(date as date) - date '1970-01-01')";
}

const ATTACK = "(attack_type is not null and attack_type <> 'arrest_raid')";
const CASUALTIES = 'coalesce(casualties_total, coalesce(killed, 0) + coalesce(wounded, 0))';

/** The figures of a group: `events` counts every row, the rest attacks only. */
function figures(allRows: boolean): string {
  if (!allRows)
    return `count(*), count(*), sum(coalesce(killed, 0)), sum(coalesce(wounded, 0)), sum(${CASUALTIES})`;
  const onlyAttacks = (e: string) => `sum(case when ${ATTACK} then ${e} else 0 end)`;
  return `count(*), ${onlyAttacks('1')}, ${onlyAttacks('coalesce(killed, 0)')}, ${onlyAttacks('coalesce(wounded, 0)')}, ${onlyAttacks(CASUALTIES)}`;
}

/** Each dimension's keys and whether it counts every incident or attacks only. */
const DIM_SQL: Record<(typeof ROLLUP_DIMS)[number], { k1: string; k2: string; all: boolean }> = {
  type: { k1: 'attack_type', k2: "''", all: false },
  admin1: {
    k1: "coalesce(country, country_code, '')",
    k2: "coalesce(admin1, 'unknown')",
    all: false,
  },
  event: { k1: "coalesce(event_type, 'unknown')", k2: "''", all: true },
  actor: { k1: "coalesce(perpetrator, '')", k2: "coalesce(country_code, '')", all: true },
};

/** One statement of a refresh, as SQL text with `?` placeholders and its parameters. */
export interface RollupStatement {
  sql: string;
  params: unknown[];
}

/**
 * The statements that re-add the roll-up of a case over the days from `from` to `to`
 * (ISO dates, inclusive) from its unmerged incidents: the days' cells are deleted, then
 * grouped again, one statement a dimension, through the (case_id, date) index. As text,
 * so that the raw SQLite bulk paths run them synchronously inside their transaction.
 */
export function rollupRefreshSql(
  dialect: DialectName,
  caseId: string,
  from: string,
  to: string,
): RollupStatement[] {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (a === null || b === null) return [];
  const day = daySql(dialect);
  const dayDims = ROLLUP_DIMS.map((d) => `'${d}'`).join(', ');
  const out: RollupStatement[] = [
    {
      sql: `delete from incident_rollup where case_id = ? and dim in (${dayDims}) and day between ? and ?`,
      params: [caseId, a, b],
    },
  ];
  for (const dim of ROLLUP_DIMS) {
    const d = DIM_SQL[dim];
    out.push({
      sql: `insert into incident_rollup (case_id, dim, day, k1, k2, events, attacks, killed, wounded, casualties)
        select case_id, '${dim}', ${day}, ${d.k1}, ${d.k2}, ${figures(d.all)}
        from incidents
        where case_id = ? and merged_into is null and date >= ? and date <= ? and length(date) = 10
          ${d.all ? '' : `and ${ATTACK}`}
        group by ${['case_id', day, d.k1, d.k2].filter((e) => e !== "''").join(', ')}`,
      params: [caseId, from, to],
    });
  }
  return dialectSql(dialect, [...out, ...monthRefreshSql(dialect, caseId, from, to)]);
}

/** `?` placeholders as PostgreSQL's $1, $2, … */
function dialectSql(dialect: DialectName, out: RollupStatement[]): RollupStatement[] {
  if (dialect === 'postgres')
    for (const st of out) {
      let n = 0;
      st.sql = st.sql.replace(/\?/g, () => `$${++n}`);
    }
  return out;
}

/** The month cells of the months [from, to] falls in, added up again from their (current) day cells. */
function monthRefreshSql(
  dialect: DialectName,
  caseId: string,
  from: string,
  to: string,
): RollupStatement[] {
  const dayDims = ROLLUP_DIMS.map((d) => `'${d}'`).join(', ');
  const mA = dayNumber(monthStart(from))!;
  const mB = dayNumber(monthEnd(to))!;
  return [
    {
      sql: `delete from incident_rollup where case_id = ? and dim in (${MONTH_DIMS.map((d) => `'${d}'`).join(', ')}) and day between ? and ?`,
      params: [caseId, mA, mB],
    },
    {
      sql: `insert into incident_rollup (case_id, dim, day, k1, k2, events, attacks, killed, wounded, casualties)
        select case_id, 'm:' || dim, ${monthSql(dialect)}, k1, k2, sum(events), sum(attacks), sum(killed), sum(wounded), sum(casualties)
        from incident_rollup
        where case_id = ? and dim in (${dayDims}) and day between ? and ?
        group by case_id, dim, ${monthSql(dialect)}, k1, k2`,
      params: [caseId, mA, mB],
    },
  ];
}

/**
 * The day cells of new incidents added up in memory as a bulk load passes them (DayCells of
 * src/incidents/rollup-cells.ts) — the same cells `rollupRefreshSql` groups, without reading
 * a million rows back: for loads that replace nothing (a case empty before), whose cells are
 * then added to the table (`statements`) and their months re-added.
 */
export class RollupCells extends DayCells {
  /** Statements adding the cells to the table (to cells already there, if any), then re-adding their months. */
  statements(dialect: DialectName, caseId: string): RollupStatement[] {
    if (this.lo === null || this.hi === null) return [];
    const rows = [...this.cells].map(([key, c]) => {
      const [dim, date, k1, k2] = key.split('\u0000') as [string, string, string, string];
      return [caseId, dim, dayNumber(date)!, k1, k2, ...c];
    });
    const out: RollupStatement[] = [];
    const ROWS = 1000;
    const row = `(${Array.from({ length: 10 }, () => '?').join(', ')})`;
    for (let i = 0; i < rows.length; i += ROWS) {
      const chunk = rows.slice(i, i + ROWS);
      out.push({
        sql: `insert into incident_rollup (case_id, dim, day, k1, k2, events, attacks, killed, wounded, casualties)
          values ${chunk.map(() => row).join(', ')}
          on conflict (case_id, dim, day, k1, k2) do update set
            events = incident_rollup.events + excluded.events, attacks = incident_rollup.attacks + excluded.attacks,
            killed = incident_rollup.killed + excluded.killed, wounded = incident_rollup.wounded + excluded.wounded,
            casualties = incident_rollup.casualties + excluded.casualties`,
        params: chunk.flat(),
      });
    }
    return dialectSql(dialect, [...out, ...monthRefreshSql(dialect, caseId, this.lo, this.hi)]);
  }
}

/**
 * How a write keeps the roll-up current: into a case that held no incidents, its rows'
 * cells added up in memory (`RollupCells`); otherwise the days it touched — its rows'
 * dates and those of the rows it replaces (`addSpan`) — grouped again from the table.
 */
export function rollupKeeper(caseWasEmpty: boolean): {
  /** Whether rows' cells are added up in memory (a first import): then a parsing thread may add them. */
  inMemory: boolean;
  add(r: RollupSource): void;
  /** Cells another thread added up (only when `inMemory`). */
  addCells(s: DayCellsSnapshot): void;
  addSpan(s: { lo: string | null; hi: string | null }): void;
  statements(dialect: DialectName, caseId: string): RollupStatement[];
  refresh(db: Kysely<Database>, caseId: string): Promise<void>;
  refreshSqlite(h: SQLite.Database, caseId: string): void;
} {
  const cells = caseWasEmpty ? new RollupCells() : null;
  const span = dateSpan();
  const statements = (dialect: DialectName, caseId: string) => {
    if (cells) return cells.statements(dialect, caseId);
    const lo = span.lo();
    const hi = span.hi();
    return lo && hi ? rollupRefreshSql(dialect, caseId, lo, hi) : [];
  };
  return {
    inMemory: cells !== null,
    add(r) {
      if (cells) cells.add(r);
      else span.add(r.date);
    },
    addCells: (s) => cells?.merge(s),
    addSpan: (s) => span.addSpan(s),
    statements,
    async refresh(db, caseId) {
      await lockCaseRollup(db, caseId);
      for (const st of statements(dialectOf(db), caseId))
        await db.executeQuery(CompiledQuery.raw(st.sql, st.params));
    },
    refreshSqlite(h, caseId) {
      for (const st of statements('sqlite', caseId)) h.prepare(st.sql).run(st.params);
    },
  };
}

/** Whether a case holds no incidents yet (a first import: nothing to replace). */
export async function caseIsEmpty(db: Kysely<Database>, caseId: string): Promise<boolean> {
  const any = await db
    .selectFrom('incidents')
    .select('id')
    .where('case_id', '=', caseId)
    .limit(1)
    .executeTakeFirst();
  return !any;
}

/** The same on the raw SQLite handle. */
export function caseIsEmptySqlite(h: SQLite.Database, caseId: string): boolean {
  return !h.prepare('select 1 from incidents where case_id = ? limit 1').get(caseId);
}

/**
 * Two writers refreshing the same case's cells at once (READ COMMITTED) would each delete
 * them, then both insert them again: a duplicate key. On PostgreSQL a refresh of a case
 * waits for the other until its transaction ends (found by the load run of issue 18).
 * SQLite has one writer at a time already.
 */
async function lockCaseRollup(db: Kysely<Database>, caseId: string): Promise<void> {
  if (dialectOf(db) === 'postgres')
    await sql`select pg_advisory_xact_lock(hashtext(${`rollup:${caseId}`}))`.execute(db);
}

/** Re-adds the roll-up of a case over [from, to] (rollupRefreshSql), in the caller's transaction. */
export async function refreshRollup(
  db: Kysely<Database>,
  caseId: string,
  from: string,
  to: string,
): Promise<void> {
  await lockCaseRollup(db, caseId);
  for (const st of rollupRefreshSql(dialectOf(db), caseId, from, to))
    await db.executeQuery(CompiledQuery.raw(st.sql, st.params));
}

/** The same on the raw SQLite handle, synchronously (the bulk paths' transactions). */
export function refreshRollupSqlite(
  h: SQLite.Database,
  caseId: string,
  from: string,
  to: string,
): void {
  for (const st of rollupRefreshSql('sqlite', caseId, from, to)) h.prepare(st.sql).run(st.params);
}

/** The earliest and latest date among stored incidents of a case with these ids (before they are rewritten). */
export async function storedSpan(
  db: Kysely<Database>,
  caseId: string,
  ids: readonly string[],
): Promise<{ lo: string | null; hi: string | null }> {
  let lo: string | null = null;
  let hi: string | null = null;
  const any = await db
    .selectFrom('incidents')
    .select('id')
    .where('case_id', '=', caseId)
    .limit(1)
    .executeTakeFirst();
  // A case without incidents (a first import) has nothing to move.
  if (!any) return { lo, hi };
  for (let i = 0; i < ids.length; i += 500) {
    const r = await db
      .selectFrom('incidents')
      .select((eb) => [eb.fn.min('date').as('lo'), eb.fn.max('date').as('hi')])
      .where('case_id', '=', caseId)
      .where('id', 'in', ids.slice(i, i + 500))
      .executeTakeFirst();
    if (r?.lo && (lo === null || r.lo < lo)) lo = r.lo;
    if (r?.hi && (hi === null || r.hi > hi)) hi = r.hi;
  }
  return { lo, hi };
}

/**
 * On the raw SQLite handle: a function that widens `span` by the stored dates of the
 * incidents of a case with the given ids, to call on each batch before it is written;
 * a no-op when the case held no incidents when asked (a first import).
 */
export function storedSpanSqlite(
  h: SQLite.Database,
  caseId: string,
  span: { addSpan(s: { lo: string | null; hi: string | null }): void },
): (ids: readonly unknown[]) => void {
  if (!h.prepare('select 1 from incidents where case_id = ? limit 1').get(caseId)) return () => {};
  return (ids) => {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const r = h
        .prepare(
          `select min(date) as lo, max(date) as hi from incidents where case_id = ? and id in (${chunk.map(() => '?').join(',')})`,
        )
        .get(caseId, ...chunk) as { lo: string | null; hi: string | null };
      span.addSpan(r);
    }
  };
}

/** Refreshes the days the given incidents of a case fall on (after a merge or its revert). */
export async function refreshRollupOfIds(
  db: Kysely<Database>,
  caseId: string,
  ids: readonly string[],
): Promise<void> {
  const { lo, hi } = await storedSpan(db, caseId, ids);
  if (lo && hi) await refreshRollup(db, caseId, lo, hi);
}

/**
 * The span of dates a write touches, gathered as its rows pass (and, through
 * `addSpan`, the stored dates of the rows it replaces); `refresh` re-adds those days.
 */
export function dateSpan(): {
  add(date: unknown): void;
  addSpan(s: { lo: string | null; hi: string | null }): void;
  lo(): string | null;
  hi(): string | null;
  refresh(db: Kysely<Database>, caseId: string): Promise<void>;
  refreshSqlite(h: SQLite.Database, caseId: string): void;
} {
  let lo: string | null = null;
  let hi: string | null = null;
  const add = (date: unknown) => {
    if (typeof date !== 'string') return;
    if (lo === null || date < lo) lo = date;
    if (hi === null || date > hi) hi = date;
  };
  return {
    add,
    addSpan(s) {
      add(s.lo);
      add(s.hi);
    },
    lo: () => lo,
    hi: () => hi,
    async refresh(db, caseId) {
      if (lo && hi) await refreshRollup(db, caseId, lo, hi);
    },
    refreshSqlite(h, caseId) {
      if (lo && hi) refreshRollupSqlite(h, caseId, lo, hi);
    },
  };
}

/**
 * The cells of the cases' roll-up over [from, to], added across days: one row per
 * dimension and key (actors resolved through actor_names), and the attack figures per
 * 7-day bin counted from `from` (the summary's weeks). Also the attack totals of
 * [prevFrom, prevTo] when asked.
 */
export async function readRollup(
  db: Kysely<Database>,
  caseIds: string[],
  from: string,
  to: string,
  previous?: { from: string; to: string },
): Promise<{ cells: RollupCell[]; weeks: RollupCell[]; previous: RollupCell | null }> {
  const a = dayNumber(from)!;
  const b = dayNumber(to)!;
  const cases = sql.join(caseIds);
  const sums =
    'sum(events) as events, sum(attacks) as attacks, sum(killed) as killed, sum(wounded) as wounded, sum(casualties) as casualties';
  // Whole months from month cells, the days before the first and after the last from day cells.
  const firstMonth = from === monthStart(from) ? from : isoOfDay(dayNumber(monthEnd(from))! + 1);
  const lastMonthEnd = to === monthEnd(to) ? to : isoOfDay(dayNumber(monthStart(to))! - 1);
  const mA = dayNumber(firstMonth)!;
  const mB = dayNumber(lastMonthEnd)!;
  const months = mA <= mB;
  const dayDims = sql.join([...ROLLUP_DIMS]);
  const inPeriod = months
    ? sql`(dim in (${sql.join(MONTH_DIMS)}) and day between ${mA} and ${mB})
          or (dim in (${dayDims}) and (day between ${a} and ${mA - 1} or day between ${mB + 1} and ${b}))`
    : sql`dim in (${dayDims}) and day between ${a} and ${b}`;
  // Three statements at once: on PostgreSQL the pool runs them on three connections.
  const [cells, weeks, prev] = await Promise.all([
    sql<RollupCell>`
    select r.dim, r.k1, r.k2, a.id as actor_id, a.name as actor_name,
           r.events, r.attacks, r.killed, r.wounded, r.casualties
    from (select c.dim, c.k1, c.k2, ${sql.raw(sums)}
          from (select case when dim like 'm:%' then substr(dim, 3) else dim end as dim,
                       k1, k2, events, attacks, killed, wounded, casualties
                from incident_rollup where case_id in (${cases}) and (${inPeriod})) c
          group by c.dim, c.k1, c.k2) r
    left join actor_names n on r.dim = 'actor' and r.k1 <> '' and n.name = r.k1 and n.country_code = r.k2
    left join actors a on a.id = n.actor_id`.execute(db),
    sql<RollupCell>`
    select 'week' as dim, cast(cast((day - ${a}) / 7 as integer) as text) as k1, '' as k2, ${sql.raw(sums)}
    from incident_rollup
    where case_id in (${cases}) and dim = 'type' and day between ${a} and ${b}
    group by 2`.execute(db),
    previous
      ? sql<RollupCell>`
      select 'previous' as dim, '' as k1, '' as k2, ${sql.raw(sums)} from incident_rollup
      where case_id in (${cases}) and dim = 'type'
        and day between ${dayNumber(previous.from)!} and ${dayNumber(previous.to)!}`.execute(db)
      : undefined,
  ]);
  return { cells: cells.rows, weeks: weeks.rows, previous: prev?.rows[0] ?? null };
}

/** Whether the PostgreSQL server can install PostGIS (Debian: postgresql-15-postgis-3). */
export async function postgisAvailable(db: Kysely<unknown>): Promise<boolean> {
  const r = await sql<{
    one: number;
  }>`select 1 as one from pg_available_extensions where name = 'postgis'`.execute(db);
  return r.rows.length > 0;
}

/** The geography point of an incident, as PostGIS indexes and compares it (schema-qualified: PostGIS lives in public). */
export const PG_POINT = 'public.geography(public.st_setsrid(public.st_makepoint(lon, lat), 4326))';

/**
 * Migration 0013_scale (issue 24): the roll-up table, filled from the incidents already
 * stored; and a spatial index on where incidents happened — PostGIS's GiST over their
 * geography on PostgreSQL (installed once per database, in `public`, so that dropping one
 * team's schema never drops it for the others), a (case, lat, lon) B-tree on SQLite
 * (spatial.ts). Without PostGIS on the server, PostgreSQL takes the B-tree too.
 */
export async function scaleMigration(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await createRollupTable(db);
  const t = db as Kysely<Database>;
  const spans = await t
    .selectFrom('incidents')
    .select((eb) => ['case_id', eb.fn.min('date').as('lo'), eb.fn.max('date').as('hi')])
    .groupBy('case_id')
    .execute();
  for (const s of spans) if (s.lo && s.hi) await refreshRollup(t, s.case_id, s.lo, s.hi);
  if (dialect === 'postgres' && (await postgisAvailable(db))) {
    await sql`create extension if not exists postgis schema public`.execute(db);
    await sql
      .raw(
        `create index incidents_geo on incidents using gist ((${PG_POINT})) where lat is not null and lon is not null`,
      )
      .execute(db);
  } else
    await sql`create index incidents_geo on incidents (case_id, lat, lon) where lat is not null and lon is not null`.execute(
      db,
    );
}
