import { sql, type Kysely } from 'kysely';
import type SQLite from 'better-sqlite3';
import { actorOf, type ActorEntry, type ActorRole } from '../incidents/actor-of.ts';
import type { Incident } from '../incidents/schema.ts';
import type { Database } from './types.ts';

/**
 * Actors and the names that stand for them. `actors` holds one row per actor (the
 * normaliser's canonical ones and those a dataset names: id, name, kind, parent, aliases);
 * `actor_names` links each name as records write it, in a country, to its actor. An
 * incident's actor is found by a join on (perpetrator, country_code): the link is by
 * name, so a re-import, a merge or an edit needs no link rows of its own, and a
 * million-row ACLED file adds as many names as it has distinct actors (a few thousand),
 * not a row per incident. Both tables are shared by every case (like the sanctions
 * lists); what a case sees is what its incidents name.
 *
 * Names are resolved when incidents are written (every import and save calls
 * `resolveActorNames`) and, for incidents stored before the tables existed, by the
 * migration that made them: reads are plain joins and never write.
 */

/** A name an incident uses for an actor, where, and in which role. */
export interface ActorNameRef {
  name: string;
  /** ISO alpha-2, '' when the incident has none. */
  country_code: string;
  role: ActorRole;
  /** A canonical actor's name the writer already knows (the extraction's `actor`). */
  actor?: string | null;
}

/** The actor names an incident uses: its perpetrator and its target. */
export function actorRefsOf(
  i: Pick<Incident, 'perpetrator' | 'target' | 'country_code'> & { actor?: string | null },
): ActorNameRef[] {
  const out: ActorNameRef[] = [];
  const cc = i.country_code ?? '';
  if (i.perpetrator)
    out.push({ name: i.perpetrator, country_code: cc, role: 'perpetrator', actor: i.actor });
  if (i.target) out.push({ name: i.target, country_code: cc, role: 'target' });
  return out;
}

/** Distinct refs, a perpetrator winning over the same name as a target (it may found an actor). */
function distinctRefs(refs: Iterable<ActorNameRef>): ActorNameRef[] {
  const seen = new Map<string, ActorNameRef>();
  for (const r of refs) {
    const k = `${r.name}\u0000${r.country_code}`;
    const before = seen.get(k);
    if (!before || (before.role === 'target' && r.role === 'perpetrator')) seen.set(k, r);
  }
  return [...seen.values()];
}

interface Plan {
  actors: ActorEntry[];
  names: { name: string; country_code: string; actor_id: string }[];
}

/** The actors and names to add for refs not stored yet; `have` says which (name, country) are. */
function plan(refs: ActorNameRef[], have: Set<string>): Plan {
  const actors = new Map<string, ActorEntry>();
  const names: Plan['names'] = [];
  for (const r of refs) {
    if (have.has(`${r.name}\u0000${r.country_code}`)) continue;
    const a = actorOf(r.name, { country: r.country_code || null, role: r.role, actor: r.actor });
    if (!a) continue;
    const known = actors.get(a.id);
    if (known) {
      if (!known.aliases.includes(r.name)) known.aliases.push(r.name);
    } else {
      if (!a.aliases.includes(r.name)) a.aliases.push(r.name);
      actors.set(a.id, a);
    }
    names.push({ name: r.name, country_code: r.country_code, actor_id: a.id });
  }
  return { actors: [...actors.values()], names };
}

/** New actors inserted; a known actor gains the spellings it was not known by. */
function mergeAliases(stored: string, add: string[]): string | null {
  const have = JSON.parse(stored) as string[];
  const more = add.filter((a) => !have.includes(a));
  return more.length ? JSON.stringify([...have, ...more]) : null;
}

const CHUNK = 400;

/**
 * Links every name the refs use to its actor, adding actors and names not stored yet
 * (Kysely: SQLite or PostgreSQL, inside the caller's transaction when given one).
 */
export async function resolveActorNames(
  db: Kysely<Database>,
  refs: Iterable<ActorNameRef>,
): Promise<void> {
  const all = distinctRefs(refs);
  if (all.length === 0) return;
  const have = new Set<string>();
  const byName = [...new Set(all.map((r) => r.name))];
  for (let i = 0; i < byName.length; i += CHUNK) {
    const rows = await db
      .selectFrom('actor_names')
      .select(['name', 'country_code'])
      .where('name', 'in', byName.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) have.add(`${r.name}\u0000${r.country_code}`);
  }
  const p = plan(all, have);
  if (p.names.length === 0) return;
  const now = new Date().toISOString();
  const ids = p.actors.map((a) => a.id);
  const stored = new Map<string, string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('actors')
      .select(['id', 'aliases'])
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) stored.set(r.id, r.aliases);
  }
  const fresh = p.actors.filter((a) => !stored.has(a.id));
  for (let i = 0; i < fresh.length; i += 100) {
    await db
      .insertInto('actors')
      .values(fresh.slice(i, i + 100).map((a) => actorRow(a, now)))
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  for (const a of p.actors) {
    const s = stored.get(a.id);
    const merged = s === undefined ? null : mergeAliases(s, a.aliases);
    if (merged)
      await db.updateTable('actors').set({ aliases: merged }).where('id', '=', a.id).execute();
  }
  for (let i = 0; i < p.names.length; i += 200) {
    await db
      .insertInto('actor_names')
      .values(p.names.slice(i, i + 200))
      .onConflict((oc) => oc.columns(['name', 'country_code']).doNothing())
      .execute();
  }
}

function actorRow(a: ActorEntry, now: string): Database['actors'] {
  return {
    id: a.id,
    name: a.name,
    kind: a.kind,
    parent: a.parent,
    aliases: JSON.stringify(a.aliases),
    canonical: a.canonical ? 1 : 0,
    created_at: now,
  };
}

/**
 * `resolveActorNames` on the raw better-sqlite3 handle, synchronously, for the bulk
 * loaders that write inside a transaction of the handle's own.
 */
export function resolveActorNamesSqlite(h: SQLite.Database, refs: Iterable<ActorNameRef>): void {
  const all = distinctRefs(refs);
  if (all.length === 0) return;
  const known = h.prepare('select 1 from actor_names where name = ? and country_code = ?');
  const have = new Set<string>();
  for (const r of all)
    if (known.get(r.name, r.country_code)) have.add(`${r.name}\u0000${r.country_code}`);
  const p = plan(all, have);
  if (p.names.length === 0) return;
  const now = new Date().toISOString();
  const getActor = h.prepare('select aliases from actors where id = ?');
  const insertActor = h.prepare(
    `insert into actors (id, name, kind, parent, aliases, canonical, created_at)
     values (@id, @name, @kind, @parent, @aliases, @canonical, @created_at) on conflict (id) do nothing`,
  );
  const setAliases = h.prepare('update actors set aliases = ? where id = ?');
  for (const a of p.actors) {
    const s = getActor.get(a.id) as { aliases: string } | undefined;
    if (!s) insertActor.run(actorRow(a, now));
    else {
      const merged = mergeAliases(s.aliases, a.aliases);
      if (merged) setAliases.run(merged, a.id);
    }
  }
  const insertName = h.prepare(
    'insert into actor_names (name, country_code, actor_id) values (?, ?, ?) on conflict (name, country_code) do nothing',
  );
  for (const n of p.names) insertName.run(n.name, n.country_code, n.actor_id);
}

/**
 * Resolves the names of incidents already stored (the migration's backfill): the
 * distinct perpetrators and targets of every case, in one pass.
 */
export async function backfillActorNames(db: Kysely<Database>): Promise<void> {
  const rows = await db
    .selectFrom('incidents')
    .select(['perpetrator', 'target', 'country_code'])
    .distinct()
    .where((eb) => eb.or([eb('perpetrator', 'is not', null), eb('target', 'is not', null)]))
    .execute();
  await resolveActorNames(
    db,
    rows.flatMap((r) => actorRefsOf(r)),
  );
}

/** A stored actor: the record actorOf gives the store (src/incidents/actor-of.ts). */
export type StoredActor = ActorEntry;

function storedActor(r: Database['actors']): StoredActor {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    parent: r.parent,
    aliases: JSON.parse(r.aliases) as string[],
    canonical: r.canonical === 1,
  };
}

/** One actor by id. */
export async function getActor(db: Kysely<Database>, id: string): Promise<StoredActor | undefined> {
  const r = await db.selectFrom('actors').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? storedActor(r) : undefined;
}

/**
 * The actors the unmerged incidents of the cases name as perpetrators, most incidents
 * first, with the count.
 */
export async function caseActors(
  db: Kysely<Database>,
  caseIds: string[],
): Promise<(StoredActor & { incidents: number })[]> {
  if (caseIds.length === 0) return [];
  const rows = await db
    .selectFrom('incidents as i')
    .innerJoin('actor_names as n', (j) =>
      j
        .onRef('n.name', '=', 'i.perpetrator')
        .on('n.country_code', '=', sql<string>`coalesce(i.country_code, '')`),
    )
    .innerJoin('actors as a', 'a.id', 'n.actor_id')
    .select(['a.id', 'a.name', 'a.kind', 'a.parent', 'a.aliases', 'a.canonical', 'a.created_at'])
    .select((eb) => eb.fn.countAll<number>().as('incidents'))
    .where('i.case_id', 'in', caseIds)
    .where('i.merged_into', 'is', null)
    .groupBy(['a.id', 'a.name', 'a.kind', 'a.parent', 'a.aliases', 'a.canonical', 'a.created_at'])
    .execute();
  return rows
    .map((r) => ({ ...storedActor(r), incidents: Number(r.incidents) }))
    .sort((a, b) => b.incidents - a.incidents || a.name.localeCompare(b.name));
}
