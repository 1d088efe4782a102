import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import { assertPasswordRule } from '../access/password.ts';
import { ChokepointError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import {
  CASE_ROLES,
  isCaseRole,
  type ApiToken,
  type CaseRole,
  type IssuedToken,
  type Member,
  type Membership,
  type Session,
  type User,
} from '../access/schema.ts';
import type { Database } from './types.ts';

/**
 * Users, case memberships, browser sessions and API tokens. Passwords are argon2id
 * (RFC 9106; the OWASP password-storage parameters m=19 MiB, t=2, p=1). Session ids and
 * API tokens are random 32-byte secrets of which only the SHA-256 is stored: a copy of
 * the database does not let anyone sign in.
 */

const USERNAME = /^[a-z0-9][a-z0-9._@-]{1,63}$/i;

// Algorithm.Argon2id; the enum is an ambient const enum that plain ESM cannot import.
const ARGON2 = { algorithm: 2 as Algorithm, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function randomSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

function toUser(r: Database['users']): User {
  return {
    id: r.id,
    username: r.username,
    is_admin: Boolean(r.is_admin),
    created_at: r.created_at,
    disabled_at: r.disabled_at,
  };
}

export async function createUser(
  db: Kysely<Database>,
  input: { username: string; password: string; isAdmin?: boolean },
): Promise<User> {
  if (!USERNAME.test(input.username)) {
    throw new ChokepointError('CP_BAD_OPTION', 'bad username', {
      field: 'username',
      expected: '2–64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit',
      got: input.username,
    });
  }
  assertPasswordRule(input.password, [input.username]);
  // Usernames are unique without regard to case (a unique index on lower(username)).
  const existing = await findUserByUsername(db, input.username);
  const clash = () =>
    new ChokepointError(
      'CP_CONFLICT',
      `user "${existing?.username ?? input.username}" already exists`,
      { field: 'username', expected: 'a username not taken in any letter case' },
    );
  if (existing) throw clash();
  const row = {
    id: newId('usr'),
    username: input.username,
    password_hash: await hash(input.password, ARGON2),
    is_admin: input.isAdmin ? 1 : 0,
    created_at: new Date().toISOString(),
    disabled_at: null,
  };
  try {
    await db.insertInto('users').values(row).execute();
  } catch (e) {
    // Another writer took the name between the check and the insert.
    if (/unique|duplicate key/i.test((e as Error).message)) throw clash();
    throw e;
  }
  return toUser(row);
}

export async function setPassword(
  db: Kysely<Database>,
  userId: string,
  password: string,
): Promise<void> {
  const user = await getUser(db, userId);
  assertPasswordRule(password, user ? [user.username] : []);
  await db
    .updateTable('users')
    .set({ password_hash: await hash(password, ARGON2) })
    .where('id', '=', userId)
    .execute();
}

/** The stored row of a user (with the password hash), by username in any letter case. */
function userRow(db: Kysely<Database>, username: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst();
}

export async function findUserByUsername(
  db: Kysely<Database>,
  username: string,
): Promise<User | undefined> {
  const r = await userRow(db, username);
  return r ? toUser(r) : undefined;
}

export async function getUser(db: Kysely<Database>, id: string): Promise<User | undefined> {
  const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toUser(r) : undefined;
}

export async function listUsers(db: Kysely<Database>): Promise<User[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
  return rows.map(toUser);
}

/** A hash to verify against when the user does not exist, so both paths take as long. */
let decoyHash: Promise<string> | undefined;

/** The user if the password is theirs and they are not disabled; undefined otherwise. */
export async function checkPassword(
  db: Kysely<Database>,
  username: string,
  password: string,
): Promise<User | undefined> {
  const r = await userRow(db, username);
  if (!r) {
    decoyHash ??= hash(randomSecret(), ARGON2);
    await verify(await decoyHash, password).catch(() => false);
    return undefined;
  }
  const ok = await verify(r.password_hash, password).catch(() => false);
  if (!ok || r.disabled_at) return undefined;
  return toUser(r);
}

/** Grants (or changes) a user's role on a case. */
export async function grantRole(
  db: Kysely<Database>,
  userId: string,
  caseId: string,
  role: CaseRole,
): Promise<void> {
  if (!isCaseRole(role)) {
    throw new ChokepointError('CP_BAD_OPTION', 'bad role', {
      field: 'role',
      expected: CASE_ROLES.join(', '),
      got: String(role),
    });
  }
  await db
    .insertInto('case_members')
    .values({ case_id: caseId, user_id: userId, role, granted_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(['case_id', 'user_id']).doUpdateSet({ role }))
    .execute();
}

export async function revokeRole(
  db: Kysely<Database>,
  userId: string,
  caseId: string,
): Promise<boolean> {
  const r = await db
    .deleteFrom('case_members')
    .where('case_id', '=', caseId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The cases a user belongs to, with their role on each. */
export async function membershipsOf(db: Kysely<Database>, userId: string): Promise<Membership[]> {
  const rows = await db
    .selectFrom('case_members as m')
    .innerJoin('cases as c', 'c.id', 'm.case_id')
    .where('m.user_id', '=', userId)
    .select(['c.id', 'c.name', 'm.role'])
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, role: r.role as CaseRole }));
}

/** A user's role on a case; undefined when the user is not a member. */
export async function caseRoleOf(
  db: Kysely<Database>,
  userId: string,
  caseId: string,
): Promise<CaseRole | undefined> {
  const row = await db
    .selectFrom('case_members')
    .select('role')
    .where('case_id', '=', caseId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && isCaseRole(row.role) ? row.role : undefined;
}

export async function membersOf(db: Kysely<Database>, caseId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom('case_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .where('m.case_id', '=', caseId)
    .select(['u.id as user_id', 'u.username', 'm.role', 'm.granted_at'])
    .orderBy('u.username')
    .execute();
  return rows.map((r) => ({ ...r, role: r.role as CaseRole }));
}

// --- sessions -------------------------------------------------------------------------

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Opens a session; the returned secret goes in the cookie and is never stored. */
export async function createSession(
  db: Kysely<Database>,
  userId: string,
): Promise<{ secret: string; csrf_token: string; expires_at: string }> {
  const secret = randomSecret();
  const csrf_token = randomSecret();
  const now = Date.now();
  const expires_at = new Date(now + SESSION_TTL_MS).toISOString();
  await db
    .insertInto('user_sessions')
    .values({
      id: sha256(secret),
      user_id: userId,
      csrf_token,
      created_at: new Date(now).toISOString(),
      expires_at,
    })
    .execute();
  return { secret, csrf_token, expires_at };
}

/** A user's columns (`u`) as a session or a token lookup joins them. */
const USER_COLUMNS = [
  'u.id',
  'u.username',
  'u.is_admin',
  'u.created_at',
  'u.disabled_at',
  'u.password_hash',
] as const;

export async function findSession(
  db: Kysely<Database>,
  secret: string,
): Promise<Session | undefined> {
  const r = await db
    .selectFrom('user_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .where('s.id', '=', sha256(secret))
    .select([...USER_COLUMNS, 's.csrf_token', 's.expires_at'])
    .executeTakeFirst();
  if (!r || r.disabled_at || r.expires_at <= new Date().toISOString()) return undefined;
  return { user: toUser(r), csrf_token: r.csrf_token, expires_at: r.expires_at };
}

export async function deleteSession(db: Kysely<Database>, secret: string): Promise<void> {
  await db.deleteFrom('user_sessions').where('id', '=', sha256(secret)).execute();
}

/** Constant-time comparison of a sent CSRF token with the session's. */
export function csrfMatches(expected: string, sent: string | undefined): boolean {
  if (!sent) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}

// --- API tokens -----------------------------------------------------------------------

/** Issues a bearer token; the token itself is returned once and only its hash is kept. */
export async function createToken(
  db: Kysely<Database>,
  userId: string,
  name: string,
): Promise<IssuedToken> {
  const token = randomSecret('cpt_');
  const id = newId('tok');
  await db
    .insertInto('api_tokens')
    .values({
      id,
      user_id: userId,
      name,
      token_hash: sha256(token),
      created_at: new Date().toISOString(),
      revoked_at: null,
    })
    .execute();
  return { id, token };
}

export async function userForToken(db: Kysely<Database>, token: string): Promise<User | undefined> {
  const r = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .where('t.token_hash', '=', sha256(token))
    .where('t.revoked_at', 'is', null)
    .select(USER_COLUMNS)
    .executeTakeFirst();
  if (!r || r.disabled_at) return undefined;
  return toUser(r);
}

export async function listTokens(db: Kysely<Database>, userId: string): Promise<ApiToken[]> {
  return db
    .selectFrom('api_tokens')
    .where('user_id', '=', userId)
    .select(['id', 'name', 'created_at', 'revoked_at'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Revokes one of the user's tokens; false when the user has no such live token. */
export async function revokeToken(
  db: Kysely<Database>,
  userId: string,
  tokenId: string,
): Promise<boolean> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date().toISOString() })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
