import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { dropPostgresSchema, openStore, type Store } from '../src/store/connect.ts';

/**
 * Runs a suite against every real database, in one loop, as Kysely's own tests do: a
 * fresh SQLite file, and a fresh schema in the PostgreSQL at PG_TEST_URL (default
 * postgres://postgres@127.0.0.1:5432/test). Under CI (CI=true) PostgreSQL must be there;
 * elsewhere its absence skips that half with a loud line.
 */
export const PG_TEST_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let pgReachable: Promise<boolean> | undefined;
export function postgresReachable(): Promise<boolean> {
  pgReachable ??= (async () => {
    const client = new pg.Client({ connectionString: PG_TEST_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch {
      return false;
    }
  })();
  return pgReachable;
}

const reachable = await postgresReachable();
if (!reachable) {
  if (process.env.CI === 'true') {
    throw new Error(`PostgreSQL is required under CI but ${PG_TEST_URL} cannot be reached`);
  }
  console.warn(
    `\n!!! PostgreSQL at ${PG_TEST_URL} is unreachable: the PostgreSQL half of the store tests is SKIPPED !!!\n`,
  );
}

export const DIALECTS = ['sqlite', 'postgres'] as const;

export interface StoreContext {
  store: Store;
  /** Where the store is, to hand to the CLI as --db. */
  url: string;
}

/** A fresh store of each dialect for the suite; `ctx.store` is ready inside tests. */
export function describeEachStore(
  name: string,
  body: (ctx: StoreContext, dialect: (typeof DIALECTS)[number]) => void,
): void {
  for (const dialect of DIALECTS) {
    const run = dialect === 'postgres' && !reachable ? describe.skip : describe;
    run(`${name} [${dialect}]`, () => {
      const ctx = {} as StoreContext;
      let dir: string | undefined;
      let schema: string | undefined;
      beforeAll(async () => {
        if (dialect === 'sqlite') {
          dir = mkdtempSync(join(tmpdir(), 'chokepoint-test-'));
          ctx.url = join(dir, 'test.db');
          ctx.store = await openStore({ url: ctx.url });
        } else {
          schema = `t_${randomBytes(6).toString('hex')}`;
          ctx.url = `${PG_TEST_URL}?schema=${schema}`;
          ctx.store = await openStore({ url: ctx.url });
        }
      });
      afterAll(async () => {
        if (!ctx.store) return;
        if (schema) await dropPostgresSchema(ctx.store, schema);
        await ctx.store.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
      });
      body(ctx, dialect);
    });
  }
}

/** Runs the CLI in-process-free: a real child process, as a user would. */
export { runCli } from './cli.ts';
