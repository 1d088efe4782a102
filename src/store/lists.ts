import type { Kysely } from 'kysely';
import { ChokepointError } from '../core/errors.ts';
import { entityCaption, type FtmEntity } from '../network/ftm.ts';
import { attachOfacExtras, parseList, type ParsedList } from '../resolve/lists/index.ts';
import { upsertRows } from './batch.ts';
import type { ImportKind } from './importer.ts';
import type { Database } from './types.ts';

/**
 * Sanctions lists and their entities. Lists are shared by every case (a list is public
 * reference data, not evidence of one investigation). A re-import of a list replaces its
 * entities whole: an entry removed from the list must stop producing hits.
 */

export interface ListRow {
  id: string;
  name: string;
  format: string;
  file: string | null;
  imported_at: string;
  entities?: number;
}

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
  const lists = await db.selectFrom('lists').selectAll().orderBy('name').execute();
  const counts = await db
    .selectFrom('list_entities')
    .select(['list_id'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy('list_id')
    .execute();
  const byList = new Map(counts.map((c) => [c.list_id, Number(c.n)]));
  return lists.map((l) => ({ ...l, entities: byList.get(l.id) ?? 0 }));
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
    entities.map((e) => ({
      list_id: listId,
      id: e.id,
      schema: e.schema,
      caption: entityCaption(e),
      data: JSON.stringify(e),
    })),
    ['list_id', 'id'],
    onProgress,
  );
}

/** Replaces a list's entities with these (creating the list when new). */
export async function replaceList(
  db: Kysely<Database>,
  list: { name: string; format: string; file: string | null },
  entities: FtmEntity[],
  onProgress?: (done: number) => void,
): Promise<string> {
  const id = listIdFor(list.name);
  const now = new Date().toISOString();
  await upsertRows(
    db,
    'lists',
    [{ id, name: list.name, format: list.format, file: list.file, imported_at: now }],
    ['id'],
  );
  await db.deleteFrom('list_entities').where('list_id', '=', id).execute();
  await writeListEntities(db, id, entities, onProgress);
  return id;
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
  const attached = attachOfacExtras(entities, parsed.aliases, parsed.addresses);
  await writeListEntities(db, id, entities);
  return attached;
}

// `chokepoint import sanctions --list NAME`: the import command knows no kind-specific
// options, so the CLI hands the name over here before the import runs.
let pendingListName: string | null = null;
export function setSanctionsListName(name: string | null): void {
  pendingListName = name && name.trim() ? name.trim() : null;
}

/** One imported row: an entity, or an alias / address for an entity loaded before. */
interface SanctionsItem {
  file: string;
  parsed: Omit<ParsedList, 'entities' | 'aliases' | 'addresses'>;
  entity?: FtmEntity;
  alias?: ParsedList['aliases'][number];
  address?: ParsedList['addresses'][number];
}

/** `import sanctions <file>`: UN XML, OFAC sdn/alt/add CSV, FtM JSON lines or an id,name CSV, sniffed from content. */
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
        { name, format: parsed.format, file: first.file },
        parsed.entities,
        progress,
      );
  },
};
