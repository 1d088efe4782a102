import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_CASE_ID } from '../core/ids.ts';
import { ensureCase, type Store } from '../store/connect.ts';
import { loadDemo } from '../store/demo.ts';
import { importFile } from '../store/importer.ts';
import type { CaseRole, User } from '../access/schema.ts';
import { createToken, createUser, grantRole } from '../store/users.ts';
import { buildServer, type ServerOptions } from './app.ts';

/**
 * A small world for the API tests, over a real store and a real listening server: case A
 * (the demo case plus a few incidents of our own) and case B (records nobody in case A
 * may see), and one principal per kind of caller.
 */
export const CASE_A = DEFAULT_CASE_ID;
export const CASE_B = 'case-b';
export const PASSWORD = 'fixture-password-1';

export const PRINCIPALS = ['anonymous', 'admin', 'analyst', 'viewer', 'stranger', 'root'] as const;
export type Principal = (typeof PRINCIPALS)[number];

/** Who each principal is: role on case A, role on case B, global admin. */
const CAST: Record<
  Exclude<Principal, 'anonymous'>,
  { a?: CaseRole; b?: CaseRole; root?: boolean }
> = {
  admin: { a: 'admin' },
  analyst: { a: 'analyst' },
  viewer: { a: 'viewer' },
  // A member of case B only: a stranger to case A.
  stranger: { b: 'analyst' },
  // A global admin who belongs to no case: manages users, reads the audit log, sees no records.
  root: { root: true },
};

export interface World {
  app: FastifyInstance;
  base: string;
  store: Store;
  users: Record<Exclude<Principal, 'anonymous'>, User>;
  tokens: Record<Exclude<Principal, 'anonymous'>, string>;
  /** Fetch as a principal (bearer token), JSON in and out. */
  call(
    who: Principal,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: unknown; headers: Headers }>;
  close(): Promise<void>;
}

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

async function importFixture(store: Store, caseId: string, kind: string, file: string) {
  const text = await readFile(`${FIXTURES}${file}`, 'utf8');
  await importFile(store, kind, file, { caseId, text });
}

export async function startWorld(store: Store, opts: Partial<ServerOptions> = {}): Promise<World> {
  await loadDemo(store, { caseId: CASE_A });
  await importFixture(store, CASE_A, 'incidents', 'case-a.incidents.jsonl');
  await ensureCase(store.db, CASE_B, 'Case B');
  await importFixture(store, CASE_B, 'incidents', 'case-b.incidents.jsonl');
  await importFixture(store, CASE_B, 'ftm', 'case-b.ftm.jsonl');
  await importFixture(store, CASE_B, 'orders', 'case-b.orders.csv');
  await importFixture(store, CASE_B, 'seizures', 'case-b.seizures.csv');

  const users = {} as World['users'];
  const tokens = {} as World['tokens'];
  for (const [name, c] of Object.entries(CAST) as [
    keyof typeof CAST,
    (typeof CAST)[keyof typeof CAST],
  ][]) {
    const u = await createUser(store.db, {
      username: name,
      password: PASSWORD,
      isAdmin: Boolean(c.root),
    });
    if (c.a) await grantRole(store.db, u.id, CASE_A, c.a);
    if (c.b) await grantRole(store.db, u.id, CASE_B, c.b);
    users[name] = u;
    tokens[name] = (await createToken(store.db, u.id, 'tests')).token;
  }

  const app = await buildServer({ store, webDist: null, strictResponses: true, ...opts });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const call: World['call'] = async (who, method, path, body, headers = {}) => {
    const h: Record<string, string> = { ...headers };
    if (who !== 'anonymous') h.authorization = `Bearer ${tokens[who]}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${base}${path}`, { method, headers: h, body: payload });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (an export, the web app): keep the text.
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return { app, base, store, users, tokens, call, close: () => app.close() };
}
