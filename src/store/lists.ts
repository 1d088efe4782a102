import type { Kysely } from 'kysely';
import { ChokepointError } from '../core/errors.ts';
import { entityCaption, type FtmEntity } from '../network/ftm.ts';
import {
  attachOfacExtras,
  parseList,
  type ListMeta,
  type ParsedList,
} from '../resolve/lists/index.ts';
import type { ListChange, ListInfo, ListVersion } from '../resolve/lists/schema.ts';
import {
  amendVersion,
  diffEntries,
  entryFingerprint,
  type VersionChange,
} from '../resolve/lists/versions.ts';
import { upsertRows } from './batch.ts';
import { copyClient, copyField, copyInto } from './copy.ts';
import type { ImportKind } from './importer.ts';
import type { Database } from './types.ts';

/**
 * Sanctions lists and their entities. Lists are shared by every case (a list is public
 * reference data, not evidence of one investigation). A re-import of a list replaces its
 * entities whole (an entry removed from the list must stop producing hits) and records a
 * version: issuer, title, publication date, and which entries it added, changed and removed,
 * found by each entry's fingerprint. The watchlist's alerts and decisions are per case.
 */

export type ListRow = ListInfo;

/** The list id for a name: lower-case letters, digits and dashes. */
export function listIdFor(name: string): string {
  const id = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  if (!id)
    throw new ChokepointError('CP_BAD_OPTION', 'a list name needs letters or digits', {
      field: 'list',
      got: name,
    });
  return id;
}

export async function listLists(db: Kysely<Database>): Promise<ListRow[]> {
  const lists = await db
    .selectFrom('lists')
    .select([
      'id',
      'name',
      'format',
      'file',
      'imported_at',
      'issuer',
      'title',
      'published',
      'version',
    ])
    .orderBy('name')
    .execute();
  const counts = await db
    .selectFrom('list_entities')
    .select(['list_id'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy('list_id')
    .execute();
  const byList = new Map(counts.map((c) => [c.list_id, Number(c.n)]));
  return lists.map((l) => ({
    ...l,
    version: l.version === null ? null : Number(l.version),
    entities: byList.get(l.id) ?? 0,
  }));
}

export interface ListEntity {
  list: string;
  entity: FtmEntity;
}

/** Entities of the named lists (all lists when none is named). */
export async function listEntitiesOf(
  db: Kysely<Database>,
  lists?: string[],
): Promise<ListEntity[]> {
  let q = db
    .selectFrom('list_entities')
    .innerJoin('lists', 'lists.id', 'list_entities.list_id')
    .select(['lists.name as list', 'list_entities.data as data']);
  if (lists && lists.length > 0) q = q.where('lists.id', 'in', lists.map(listIdFor));
  const rows = await q.orderBy('list_entities.list_id').orderBy('list_entities.id').execute();
  return rows.map((r) => ({ list: r.list, entity: JSON.parse(r.data) as FtmEntity }));
}

type ListEntityRow = Database['list_entities'];

/** The stored rows of entities of the list `listId` (each fingerprint computed once). */
function listEntityRows(listId: string, entities: FtmEntity[]): ListEntityRow[] {
  return entities.map((e) => ({
    list_id: listId,
    id: e.id,
    schema: e.schema,
    caption: entityCaption(e),
    data: JSON.stringify(e),
    fingerprint: entryFingerprint(e),
  }));
}

/** Writes (inserts or replaces) entities of the list `listId`. */
async function writeListEntities(
  db: Kysely<Database>,
  listId: string,
  entities: FtmEntity[],
  onProgress?: (done: number) => void,
): Promise<void> {
  await upsertRows(
    db,
    'list_entities',
    listEntityRows(listId, entities),
    ['list_id', 'id'],
    onProgress,
  );
}

/** Rows written to COPY per write (then the socket may drain). */
const COPY_ROWS = 1_000;

/**
 * Inserts rows into a table that holds none of their keys (a list's entities just deleted,
 * a new version's changes): by COPY on PostgreSQL, inside the import's transaction
 * (src/store/copy.ts), else as multi-row inserts. The 20 000-entry UN list spent ~2.4 s
 * of its 10 s in PostgreSQL parsing and planning 30 000-parameter INSERT … ON CONFLICT
 * statements (issue 18, item 4). A key given twice keeps its last row, as the upsert did.
 */
async function insertFresh<T extends 'list_entities' | 'list_changes'>(
  db: Kysely<Database>,
  table: T,
  rows: Database[T][],
  key: readonly (keyof Database[T] & string)[],
  onProgress?: (done: number) => void,
): Promise<void> {
  const client = copyClient(db);
  if (!client || rows.length === 0) {
    await upsertRows(db, table, rows as never[], key, onProgress);
    return;
  }
  const unique = [...new Map(rows.map((r) => [key.map((k) => r[k]).join('\u0000'), r])).values()];
  const columns = Object.keys(unique[0]!) as (keyof Database[T] & string)[];
  const copy = copyInto(client, table, columns);
  try {
    for (let i = 0; i < unique.length; i += COPY_ROWS) {
      const lines = unique
        .slice(i, i + COPY_ROWS)
        .map((r) => `${columns.map((c) => copyField(r[c])).join('\t')}\n`);
      copy.write(lines.join(''));
      await copy.ready();
      onProgress?.(Math.min(unique.length, i + COPY_ROWS));
    }
    await copy.end();
  } catch (e) {
    await copy.abort();
    throw e;
  }
}

/** The stored fingerprint of every entry of a list. */
async function fingerprintsOf(db: Kysely<Database>, listId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('list_entities')
    .select(['id', 'fingerprint', 'caption'])
    .where('list_id', '=', listId)
    .execute();
  return new Map(rows.map((r) => [r.id, r.fingerprint ?? '']));
}

const CHANGE_CHUNK = 2000;

/**
 * Replaces a list's entities with these (creating the list when new) and records the import
 * as the list's next version, with what it added, changed and removed.
 */
export async function replaceList(
  db: Kysely<Database>,
  list: { name: string; format: string; file: string | null; meta?: ListMeta },
  entities: FtmEntity[],
  onProgress?: (done: number) => void,
): Promise<ListVersion> {
  const id = listIdFor(list.name);
  const now = new Date().toISOString();
  const meta = list.meta ?? { issuer: null, title: null, published: null };
  const before = await fingerprintsOf(db, id);
  const removedCaptions = new Map(
    (
      await db
        .selectFrom('list_entities')
        .select(['id', 'caption'])
        .where('list_id', '=', id)
        .execute()
    ).map((r) => [r.id, r.caption]),
  );
  const rows = listEntityRows(id, entities);
  const after = new Map(rows.map((r) => [r.id, r.fingerprint ?? '']));
  const diff = diffEntries(before, after);
  const last = await db
    .selectFrom('lists')
    .select('version')
    .where('id', '=', id)
    .executeTakeFirst();
  const version = Number(last?.version ?? 0) + 1;
  await upsertRows(
    db,
    'lists',
    [
      {
        id,
        name: list.name,
        format: list.format,
        file: list.file,
        imported_at: now,
        ...meta,
        version,
      },
    ],
    ['id'],
  );
  await db.deleteFrom('list_entities').where('list_id', '=', id).execute();
  await insertFresh(db, 'list_entities', rows, ['list_id', 'id'], onProgress);
  const row: ListVersion = {
    list_id: id,
    version,
    ...meta,
    format: list.format,
    file: list.file,
    imported_at: now,
    entities: entities.length,
    added: diff.added.length,
    changed: diff.changed.length,
    removed: diff.removed.length,
  };
  await db.insertInto('list_versions').values(row).execute();
  const captions = new Map(entities.map((e) => [e.id, entityCaption(e)]));
  const changes = [
    ...diff.added.map((e) => ({ entity_id: e, change: 'added', caption: captions.get(e)! })),
    ...diff.changed.map((e) => ({ entity_id: e, change: 'changed', caption: captions.get(e)! })),
    ...diff.removed.map((e) => ({
      entity_id: e,
      change: 'removed',
      caption: removedCaptions.get(e) ?? e,
    })),
  ].map((c) => ({
    ...c,
    list_id: id,
    version,
    before: before.get(c.entity_id) ?? null,
    after: after.get(c.entity_id) ?? null,
  }));
  await insertFresh(db, 'list_changes', changes, ['list_id', 'version', 'entity_id']);
  return row;
}

/** Amends the latest version of a list after alt.csv / add.csv added to its entries (see `amendVersion`). */
async function amendLatestVersion(
  db: Kysely<Database>,
  listId: string,
  before: Map<string, string>,
  entities: FtmEntity[],
): Promise<void> {
  const list = await db
    .selectFrom('lists')
    .select('version')
    .where('id', '=', listId)
    .executeTakeFirst();
  const version = Number(list?.version ?? 0);
  if (!version) return;
  const rows = await db
    .selectFrom('list_changes')
    .select(['entity_id', 'change', 'caption', 'before', 'after'])
    .where('list_id', '=', listId)
    .where('version', '=', version)
    .execute();
  const amended = entities.flatMap((e) => {
    const now = entryFingerprint(e);
    const was = before.get(e.id) ?? null;
    return was === now ? [] : [{ id: e.id, caption: entityCaption(e), was, now }];
  });
  const changes = amendVersion(rows as VersionChange[], amended);
  await db
    .deleteFrom('list_changes')
    .where('list_id', '=', listId)
    .where('version', '=', version)
    .execute();
  for (let i = 0; i < changes.length; i += CHANGE_CHUNK)
    await db
      .insertInto('list_changes')
      .values(changes.slice(i, i + CHANGE_CHUNK).map((c) => ({ ...c, list_id: listId, version })))
      .execute();
  const n = (kind: VersionChange['change']) => changes.filter((c) => c.change === kind).length;
  await db
    .updateTable('list_versions')
    .set({ added: n('added'), changed: n('changed'), removed: n('removed') })
    .where('list_id', '=', listId)
    .where('version', '=', version)
    .execute();
}

/** Adds OFAC alt.csv aliases / add.csv addresses to a list loaded before (sdn.csv first). */
async function attachToList(
  db: Kysely<Database>,
  name: string,
  parsed: ParsedList,
  file: string,
): Promise<number> {
  const id = listIdFor(name);
  const rows = await db
    .selectFrom('list_entities')
    .select('data')
    .where('list_id', '=', id)
    .execute();
  if (rows.length === 0) {
    throw new ChokepointError(
      'CP_NOT_FOUND',
      `no list "${name}" to attach ${parsed.format === 'ofac_alt' ? 'aliases' : 'addresses'} to`,
      {
        file,
        field: 'list',
        expected: 'sdn.csv imported first into the same list (--list)',
      },
    );
  }
  const entities = rows.map((r) => JSON.parse(r.data) as FtmEntity);
  const before = await fingerprintsOf(db, id);
  const attached = attachOfacExtras(entities, parsed.aliases, parsed.addresses);
  await writeListEntities(db, id, entities);
  await amendLatestVersion(db, id, before, entities);
  return attached;
}

// `chokepoint import sanctions --list NAME [--issuer …] [--title …] [--published …]`: the
// import command knows no kind-specific options, so the CLI hands them over here first.
let pendingListName: string | null = null;
let pendingMeta: Partial<ListMeta> = {};
export function setSanctionsListName(name: string | null): void {
  pendingListName = name && name.trim() ? name.trim() : null;
}
/** What the user says of the list over what the file says (a CSV knows no issuer). */
export function setSanctionsListMeta(meta: Partial<ListMeta>): void {
  pendingMeta = Object.fromEntries(
    Object.entries(meta).filter(([, v]) => typeof v === 'string' && v.trim()),
  ) as Partial<ListMeta>;
}

/** One imported row: an entity, or an alias / address for an entity loaded before. */
interface SanctionsItem {
  file: string;
  parsed: Omit<ParsedList, 'entities' | 'aliases' | 'addresses'>;
  entity?: FtmEntity;
  alias?: ParsedList['aliases'][number];
  address?: ParsedList['addresses'][number];
}

/** `import sanctions <file>`: UN XML, OFAC sdn.xml or sdn/alt/add CSV, EU XML/CSV, OFSI CSV/XML, FtM JSON lines or an id,name CSV, sniffed from content. */
export const sanctionsKind: ImportKind<SanctionsItem> = {
  kind: 'sanctions',
  parse(text, file) {
    const { entities, aliases, addresses, ...meta } = parseList(text, file);
    return [
      ...entities.map((entity) => ({ file, parsed: meta, entity })),
      ...aliases.map((alias) => ({ file, parsed: meta, alias })),
      ...addresses.map((address) => ({ file, parsed: meta, address })),
    ];
  },
  async write(db, _caseId, items, progress) {
    const first = items[0];
    if (!first) return;
    const name = pendingListName ?? first.parsed.defaultName;
    const parsed: ParsedList = {
      ...first.parsed,
      entities: items.flatMap((i) => (i.entity ? [i.entity] : [])),
      aliases: items.flatMap((i) => (i.alias ? [i.alias] : [])),
      addresses: items.flatMap((i) => (i.address ? [i.address] : [])),
    };
    if (parsed.format === 'ofac_alt' || parsed.format === 'ofac_add')
      await attachToList(db, name, parsed, first.file);
    else
      await replaceList(
        db,
        { name, format: parsed.format, file: first.file, meta: { ...parsed.meta, ...pendingMeta } },
        parsed.entities,
        progress,
      );
  },
};

/** The versions of a list, newest first (all lists when none is named). */
export async function listVersions(db: Kysely<Database>, list?: string): Promise<ListVersion[]> {
  let q = db.selectFrom('list_versions').selectAll();
  if (list) q = q.where('list_id', '=', listIdFor(list));
  const rows = await q.orderBy('list_id').orderBy('version', 'desc').execute();
  return rows.map((r) => ({
    ...r,
    version: Number(r.version),
    entities: Number(r.entities),
    added: Number(r.added),
    changed: Number(r.changed),
    removed: Number(r.removed),
  }));
}

/** What version `version` of a list (default its latest) added, changed and removed. */
export async function listChanges(
  db: Kysely<Database>,
  list: string,
  version?: number,
): Promise<{ version: ListVersion; changes: ListChange[] }> {
  const versions = await listVersions(db, list);
  const v = version === undefined ? versions[0] : versions.find((x) => x.version === version);
  if (!v)
    throw new ChokepointError(
      'CP_NOT_FOUND',
      `no version ${version ?? ''} of list "${list}"`.replace('  ', ' '),
      {
        field: version === undefined ? 'list' : 'version',
        expected: versions.length
          ? `one of ${versions.map((x) => x.version).join(', ')}`
          : 'a list imported with `chokepoint import sanctions <file>`',
      },
    );
  const rows = await db
    .selectFrom('list_changes')
    .select(['list_id', 'version', 'entity_id', 'change', 'caption'])
    .where('list_id', '=', v.list_id)
    .where('version', '=', v.version)
    .orderBy('change')
    .orderBy('entity_id')
    .execute();
  return {
    version: v,
    changes: rows.map((r) => ({
      ...r,
      version: Number(r.version),
      change: r.change as ListChange['change'],
    })),
  };
}

/** Ids added or changed, and ids removed, in the versions of a list after `since`. */
export async function changesSince(
  db: Kysely<Database>,
  listId: string,
  since: number,
): Promise<{ touched: string[]; removed: string[] }> {
  const rows = await db
    .selectFrom('list_changes')
    .select(['entity_id', 'change', 'version'])
    .where('list_id', '=', listId)
    .where('version', '>', since)
    .orderBy('version')
    .execute();
  const last = new Map<string, string>();
  for (const r of rows) last.set(r.entity_id, r.change);
  const touched: string[] = [];
  const removed: string[] = [];
  for (const [id, change] of last) (change === 'removed' ? removed : touched).push(id);
  return { touched, removed };
}

/** Entities of one list by id (those that still exist). */
export async function listEntitiesByIds(
  db: Kysely<Database>,
  listId: string,
  ids: string[],
): Promise<ListEntity[]> {
  const out: ListEntity[] = [];
  const list = await db
    .selectFrom('lists')
    .select('name')
    .where('id', '=', listId)
    .executeTakeFirst();
  if (!list) return out;
  for (let i = 0; i < ids.length; i += CHANGE_CHUNK) {
    const rows = await db
      .selectFrom('list_entities')
      .select('data')
      .where('list_id', '=', listId)
      .where('id', 'in', ids.slice(i, i + CHANGE_CHUNK))
      .execute();
    for (const r of rows) out.push({ list: list.name, entity: JSON.parse(r.data) as FtmEntity });
  }
  return out;
}

/** An entry of any list by its id (ids are unique to their list's format: ofac-…, eu-fsf-…). */
export async function findListEntity(
  db: Kysely<Database>,
  id: string,
): Promise<(ListEntity & { list_id: string }) | null> {
  const row = await db
    .selectFrom('list_entities')
    .innerJoin('lists', 'lists.id', 'list_entities.list_id')
    .select(['lists.name as list', 'lists.id as list_id', 'list_entities.data as data'])
    .where('list_entities.id', '=', id)
    .orderBy('lists.id')
    .executeTakeFirst();
  return row
    ? { list: row.list, list_id: row.list_id, entity: JSON.parse(row.data) as FtmEntity }
    : null;
}

/** The fingerprint each entry of a list has now, for the ids asked. */
export async function entryFingerprints(
  db: Kysely<Database>,
  listId: string,
  ids: string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += CHANGE_CHUNK) {
    const rows = await db
      .selectFrom('list_entities')
      .select(['id', 'fingerprint'])
      .where('list_id', '=', listId)
      .where('id', 'in', ids.slice(i, i + CHANGE_CHUNK))
      .execute();
    for (const r of rows) out.set(r.id, r.fingerprint ?? '');
  }
  return out;
}

/**
 * Migration 0010_lists: list metadata and versions, entry fingerprints and changes, and the
 * watchlist (what each case has been screened against, alerts, decisions). Both dialects.
 */
export async function listsMigration(db: Kysely<unknown>): Promise<void> {
  for (const col of ['issuer', 'title', 'published'])
    await db.schema.alterTable('lists').addColumn(col, 'text').execute();
  await db.schema.alterTable('lists').addColumn('version', 'integer').execute();
  await db.schema.alterTable('list_entities').addColumn('fingerprint', 'text').execute();
  await db.schema
    .createTable('list_versions')
    .addColumn('list_id', 'text', (c) => c.notNull().references('lists.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('issuer', 'text')
    .addColumn('title', 'text')
    .addColumn('published', 'text')
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('file', 'text')
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('entities', 'integer', (c) => c.notNull())
    .addColumn('added', 'integer', (c) => c.notNull())
    .addColumn('changed', 'integer', (c) => c.notNull())
    .addColumn('removed', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('list_versions_pk', ['list_id', 'version'])
    .execute();
  await db.schema
    .createTable('list_changes')
    .addColumn('list_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull())
    .addColumn('caption', 'text', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addPrimaryKeyConstraint('list_changes_pk', ['list_id', 'version', 'entity_id'])
    .addForeignKeyConstraint(
      'list_changes_version',
      ['list_id', 'version'],
      'list_versions',
      ['list_id', 'version'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  // What each case was last screened against: the list versions, and each party's facts.
  await db.schema
    .createTable('list_watch')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('list_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('list_watch_pk', ['case_id', 'list_id'])
    .execute();
  await db.schema
    .createTable('list_screened')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('screened_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('list_screened_pk', ['case_id', 'entity_id'])
    .execute();
  await db.schema
    .createTable('list_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('party_id', 'text', (c) => c.notNull())
    .addColumn('party_name', 'text', (c) => c.notNull())
    .addColumn('list_id', 'text', (c) => c.notNull())
    .addColumn('list_version', 'integer')
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('entry_caption', 'text', (c) => c.notNull())
    .addColumn('entry_fingerprint', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('features', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('list_alerts_pair', ['case_id', 'party_id', 'list_id', 'entry_id'])
    .execute();
  await db.schema
    .createIndex('list_alerts_state')
    .on('list_alerts')
    .columns(['case_id', 'state'])
    .execute();
  await db.schema
    .createTable('list_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alert_id', 'text')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('list_id', 'text')
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('entry', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('features', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('list_decisions_case')
    .on('list_decisions')
    .columns(['case_id', 'decided_at'])
    .execute();
  // Lists loaded before this migration become version 1 of themselves, fingerprinted, so
  // that their next import says what changed instead of "everything was added".
  const t = db as Kysely<Database>;
  for (const l of await t.selectFrom('lists').selectAll().execute()) {
    const rows = await t
      .selectFrom('list_entities')
      .select(['id', 'data'])
      .where('list_id', '=', l.id)
      .execute();
    for (const r of rows)
      await t
        .updateTable('list_entities')
        .set({ fingerprint: entryFingerprint(JSON.parse(r.data) as FtmEntity) })
        .where('list_id', '=', l.id)
        .where('id', '=', r.id)
        .execute();
    await t.updateTable('lists').set({ version: 1 }).where('id', '=', l.id).execute();
    await t
      .insertInto('list_versions')
      .values({
        list_id: l.id,
        version: 1,
        issuer: null,
        title: null,
        published: null,
        format: l.format,
        file: l.file,
        imported_at: l.imported_at,
        entities: rows.length,
        added: rows.length,
        changed: 0,
        removed: 0,
      })
      .execute();
  }
}
