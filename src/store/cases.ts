import type { Kysely } from 'kysely';
import type { Case } from '../access/schema.ts';
import type { Database } from './types.ts';

/** Cases (investigations): every record belongs to one (the record: src/access/schema.ts). */

export type CaseRecord = Case;

/** Creates a case unless one with this id exists (then leaves it as it is). */
export async function ensureCase(
  db: Kysely<Database>,
  id: string,
  name: string,
  description: string | null = null,
): Promise<void> {
  await db
    .insertInto('cases')
    .values({ id, name, description, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** One case, or undefined. */
export async function getCase(db: Kysely<Database>, id: string): Promise<CaseRecord | undefined> {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every case, by id. */
export async function listCases(db: Kysely<Database>): Promise<CaseRecord[]> {
  return db.selectFrom('cases').selectAll().orderBy('id').execute();
}
