import { sql, type Kysely } from 'kysely';
import type { Database } from './types.ts';

/**
 * The rehearsal of docs/scaling.md on one PostgreSQL (issue 24, item 5): the incidents
 * table partitioned by its distribution key as Citus would shard it — by case (LIST),
 * then by month (RANGE over the ISO date text, which sorts as dates do) — in a scratch
 * schema, so that a query's plan shows which partitions it touches and each partition's
 * size and costs can be measured. Nothing of the application reads these tables.
 *
 * A partitioned table's unique keys must hold its partition keys: the key becomes
 * (case_id, date, id), so an id is unique per case and day rather than per case — the
 * price of month partitions that docs/scaling.md states (Citus by case alone keeps the
 * (case_id, id) key).
 */
export interface PartitionPlan {
  /** The scratch schema (created; dropped by `dropPartitionRehearsal`). */
  schema: string;
  caseIds: readonly string[];
  /** Months as YYYY-MM, one partition each per case; other dates (and none) go to a default partition. */
  months: readonly string[];
}

/** The partition of a case (by its place in the plan) and month: p<case>_<yyyymm>. */
export function partitionName(plan: PartitionPlan, caseId: string, month?: string): string {
  const c = plan.caseIds.indexOf(caseId);
  return month ? `p${c}_${month.replace('-', '')}` : `p${c}`;
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

const checkSchema = (s: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(s)) throw new Error(`bad schema name ${s}`);
  return s;
};

/**
 * Creates `<schema>.incidents` partitioned by case and month beside the store's own,
 * with the store's list index on each partition, and copies the plan's cases into it.
 * Returns the rows copied.
 */
export async function createPartitionRehearsal(
  db: Kysely<Database>,
  plan: PartitionPlan,
): Promise<number> {
  const s = checkSchema(plan.schema);
  const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;
  await sql.raw(`create schema if not exists ${s}`).execute(db);
  await sql
    .raw(
      `create table ${s}.incidents (like incidents including defaults, primary key (case_id, date, id)) partition by list (case_id)`,
    )
    .execute(db);
  for (const caseId of plan.caseIds) {
    const parent = `${s}.${partitionName(plan, caseId)}`;
    await sql
      .raw(
        `create table ${parent} partition of ${s}.incidents for values in (${lit(caseId)}) partition by range (date)`,
      )
      .execute(db);
    for (const m of plan.months)
      await sql
        .raw(
          `create table ${s}.${partitionName(plan, caseId, m)} partition of ${parent}
           for values from (${lit(`${m}-01`)}) to (${lit(`${nextMonth(m)}-01`)})`,
        )
        .execute(db);
    await sql.raw(`create table ${parent}_other partition of ${parent} default`).execute(db);
  }
  // The store's list order, as migration 0007 indexes it; created on every partition.
  await sql
    .raw(`create index on ${s}.incidents (case_id, date nulls first, id) where merged_into is null`)
    .execute(db);
  const r = await sql
    .raw(
      `insert into ${s}.incidents select * from incidents where case_id in (${plan.caseIds.map(lit).join(', ')}) and date is not null`,
    )
    .execute(db);
  await sql.raw(`analyze ${s}.incidents`).execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Drops the rehearsal's schema and everything in it. */
export async function dropPartitionRehearsal(db: Kysely<Database>, schema: string): Promise<void> {
  await sql.raw(`drop schema if exists ${checkSchema(schema)} cascade`).execute(db);
}

/** The month summary a case+month query asks (attacks, killed by admin-1), in the rehearsal's schema or the store's. */
function monthQuery(table: string, caseId: string, month: string): string {
  const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;
  return `select admin1, count(*) as attacks, sum(coalesce(killed, 0)) as killed from ${table}
    where case_id = ${lit(caseId)} and date >= ${lit(`${month}-01`)} and date < ${lit(`${nextMonth(month)}-01`)}
      and merged_into is null and attack_type is not null and attack_type <> 'arrest_raid'
    group by admin1`;
}

/** The tables a plan reads (its scan nodes' relations), from EXPLAIN's JSON. */
function relationsOf(plan: unknown): string[] {
  const out: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (typeof node['Relation Name'] === 'string') out.push(node['Relation Name']);
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk((plan as { Plan: Record<string, unknown> }[])[0]!.Plan);
  return out;
}

/**
 * The partitions a case+month query touches, from its plan (literals, so that PostgreSQL
 * prunes when planning): in the rehearsal's schema, one partition — or every one of the
 * case's with `month` absent from the plan.
 */
export async function partitionsTouched(
  db: Kysely<Database>,
  plan: PartitionPlan,
  caseId: string,
  month: string,
): Promise<string[]> {
  const q = monthQuery(`${checkSchema(plan.schema)}.incidents`, caseId, month);
  const r = await sql.raw<{ 'QUERY PLAN': unknown }>(`explain (format json) ${q}`).execute(db);
  const json = r.rows[0]!['QUERY PLAN'];
  return relationsOf(typeof json === 'string' ? JSON.parse(json) : json);
}

/** A case+month query run for real, on the rehearsal (`partitioned`) or the store's own table. */
export async function runMonthQuery(
  db: Kysely<Database>,
  plan: PartitionPlan,
  caseId: string,
  month: string,
  partitioned: boolean,
): Promise<{ admin1: string | null; attacks: number; killed: number }[]> {
  const table = partitioned ? `${checkSchema(plan.schema)}.incidents` : 'incidents';
  const r = await sql
    .raw<{ admin1: string | null; attacks: number; killed: number }>(
      monthQuery(table, caseId, month),
    )
    .execute(db);
  return r.rows;
}

/** Rows and bytes (table and indexes) of each leaf partition of the rehearsal, largest first. */
export async function partitionSizes(
  db: Kysely<Database>,
  schema: string,
): Promise<{ name: string; rows: number; bytes: number }[]> {
  const r = await sql<{ name: string; rows: number; bytes: number }>`
    select c.relname as name, c.reltuples::bigint as rows, pg_total_relation_size(c.oid) as bytes
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${checkSchema(schema)} and c.relkind = 'r'
    order by bytes desc`.execute(db);
  return r.rows.map((x) => ({ name: x.name, rows: Number(x.rows), bytes: Number(x.bytes) }));
}
