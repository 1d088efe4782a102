import type { Command } from 'commander';
import { ChokepointError } from '../../core/errors.ts';
import { DEFAULT_CASE_ID } from '../../core/ids.ts';
import { defaultDatabaseUrl, openStore } from '../../store/connect.ts';
import { loadDemo } from '../../store/demo.ts';
import { storeStats } from '../../store/stats.ts';
import { buildServer } from '../../server/app.ts';

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
    .action(async (opts: { db?: string; port: string; host: string; demo: boolean }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new ChokepointError('CP_BAD_INPUT', 'bad port', {
          field: 'port',
          expected: 'an integer 0–65535',
          got: opts.port,
        });
      }
      const store = await openStore({ url: opts.db ?? defaultDatabaseUrl() });
      const stats = await storeStats(store.db);
      const empty = stats.incidents + stats.items + stats.entities + stats.orders === 0;
      if (empty && opts.demo) {
        const loaded = await loadDemo(store, { caseId: DEFAULT_CASE_ID });
        process.stderr.write(
          `loaded the demo world: ${loaded.map((l) => `${l.rows} ${l.kind}`).join(', ')}\n`,
        );
      }
      const app = await buildServer({ store });
      const close = async () => {
        await app.close();
        await store.close();
        process.exit(0);
      };
      process.once('SIGINT', close);
      process.once('SIGTERM', close);
      const address = await app.listen({ port, host: opts.host });
      process.stderr.write(`Chokepoint listening on ${address} (database: ${store.location})\n`);
    });
}
