import type { Command } from 'commander';
import { ChokepointError } from '../../core/errors.ts';
import { DEFAULT_CASE_ID } from '../../core/ids.ts';
import { defaultDatabaseUrl, openStore } from '../../store/connect.ts';
import { scoreAfterImport } from '../../app/orders.ts';
import { loadDemo } from '../../store/demo.ts';
import { storeStats } from '../../store/stats.ts';
import { buildServer } from '../../server/app.ts';
import { DEFAULT_JOB_THREADS } from '../../server/jobs.ts';
import type { Store } from '../../store/connect.ts';
import type { CaseRole } from '../../access/schema.ts';
import {
  createUser,
  findUserByUsername,
  grantRole,
  randomSecret,
  setPassword,
} from '../../store/users.ts';
import { loadGazetteer } from '../../geo/gazetteer.ts';

export const DEMO_USERS: { username: string; admin: boolean; role: CaseRole }[] = [
  { username: 'demo', admin: false, role: 'analyst' },
  { username: 'admin', admin: true, role: 'admin' },
];

/**
 * The demo's users: an analyst on the demo case and a global admin. Each is created when
 * missing, with a random password printed once to stderr; CHOKEPOINT_DEMO_PASSWORD fixes
 * the password instead (and resets it on every start), for tests and screenshots.
 */
async function ensureDemoUsers(store: Store, caseId: string): Promise<void> {
  const fixed = process.env.CHOKEPOINT_DEMO_PASSWORD;
  for (const u of DEMO_USERS) {
    const existing = await findUserByUsername(store.db, u.username);
    if (existing) {
      if (fixed) await setPassword(store.db, existing.id, fixed);
      continue;
    }
    const password = fixed ?? randomSecret().slice(0, 16);
    const created = await createUser(store.db, {
      username: u.username,
      password,
      isAdmin: u.admin,
    });
    await grantRole(store.db, created.id, caseId, u.role);
    process.stderr.write(
      `created ${u.admin ? 'global admin' : `demo ${u.role}`} "${u.username}" on case ${caseId}` +
        `${fixed ? ' (password from CHOKEPOINT_DEMO_PASSWORD)' : ` with password: ${password}`}\n`,
    );
  }
}

export function register(program: Command): void {
  program
    .command('start')
    .description('serve the web app and API; an empty database gets the demo world first')
    .option(
      '--db <file|url>',
      'SQLite file or postgres:// URL (default: $DATABASE_URL or ./chokepoint.db)',
    )
    .option('--port <port>', 'TCP port', process.env.PORT ?? '8080')
    .option('--host <host>', 'address to listen on', process.env.HOST ?? '127.0.0.1')
    .option('--no-demo', 'do not load the demo world into an empty database')
    .option(
      '--job-threads <n>',
      'worker threads running jobs in this process (0: only `chokepoint worker` processes run them)',
      String(DEFAULT_JOB_THREADS),
    )
    .action(
      async (opts: {
        db?: string;
        port: string;
        host: string;
        demo: boolean;
        jobThreads: string;
      }) => {
        const threads = Number(opts.jobThreads);
        if (!Number.isInteger(threads) || threads < 0 || threads > 64)
          throw new ChokepointError('CP_BAD_OPTION', 'bad --job-threads', {
            field: 'job-threads',
            expected: 'a whole number 0–64',
            got: opts.jobThreads,
          });
        const port = Number(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          throw new ChokepointError('CP_BAD_OPTION', 'bad port', {
            field: 'port',
            expected: 'an integer 0–65535',
            got: opts.port,
          });
        }
        // A fresh clone has no web/dist, an edited web/ an old one: build it first (stderr).
        const { ensureWebBuilt } = await import('../../../bin/web.js');
        await ensureWebBuilt({ quiet: true });
        const url = opts.db ?? defaultDatabaseUrl();
        const store = await openStore({ url });
        const stats = await storeStats(store.db);
        const empty = stats.incidents + stats.items + stats.entities + stats.orders === 0;
        if (empty && opts.demo) {
          const loaded = await loadDemo(store, { caseId: DEFAULT_CASE_ID });
          await scoreAfterImport(
            store,
            DEFAULT_CASE_ID,
            loaded.map((l) => l.kind),
          );
          process.stderr.write(
            `loaded the demo world: ${loaded.map((l) => `${l.rows} ${l.kind}`).join(', ')}\n`,
          );
        }
        if (opts.demo) await ensureDemoUsers(store, DEFAULT_CASE_ID);
        // Loaded before listening: the first request that names a place would otherwise hold
        // every other for a second or so. (Province areas are derived a country at a time,
        // when a query asks for one: tens of milliseconds.)
        loadGazetteer();
        const app = await buildServer({ store, jobs: { threads, url } });
        const close = async () => {
          await app.close();
          await store.close();
          process.exit(0);
        };
        process.once('SIGINT', close);
        process.once('SIGTERM', close);
        const address = await app.listen({ port, host: opts.host });
        process.stderr.write(`Chokepoint listening on ${address} (database: ${store.location})\n`);
      },
    );
}
