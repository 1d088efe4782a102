import type { Command } from 'commander';
import { backupDatabase, restoreDatabase } from '../../app/backup.ts';
import { defaultDatabaseUrl } from '../../store/connect.ts';
import { common, out, outJson, type CommonOptions } from '../context.ts';

type Options = CommonOptions & { force?: boolean };

/** `chokepoint backup FILE` and `chokepoint restore FILE`: the whole store, both databases. */
export function register(program: Command): void {
  common(
    program
      .command('backup')
      .description(
        'copy the whole store into FILE while it stays in use: an online SQLite backup, or pg_dump (custom format) of the PostgreSQL schema',
      )
      .argument('<file>', 'the backup file to write')
      .option('--force', 'replace FILE if it exists'),
  ).action(async (file: string, opts: Options) => {
    const r = await backupDatabase({
      url: opts.db ?? defaultDatabaseUrl(),
      file,
      force: opts.force,
    });
    if (opts.json) return outJson(r);
    out(
      `backed up ${r.stats.incidents} incidents, ${r.stats.items} items, ${r.stats.entities} entities, ` +
        `${r.stats.orders} orders in ${r.stats.cases} case(s) to ${r.file} (${r.format}, ${r.bytes} bytes)`,
    );
  });

  common(
    program
      .command('restore')
      .description(
        'restore a backup into --db (an empty or new database; --force to replace one that holds records). Stop servers using it first',
      )
      .argument('<file>', 'a file written by `chokepoint backup`')
      .option('--force', 'replace a database that holds records'),
  ).action(async (file: string, opts: Options) => {
    const r = await restoreDatabase({
      url: opts.db ?? defaultDatabaseUrl(),
      file,
      force: opts.force,
    });
    if (opts.json) return outJson(r);
    out(
      `restored ${r.file} (${r.format}${r.replaced ? ', replacing the records there' : ''}): ` +
        `${r.stats.incidents} incidents, ${r.stats.items} items, ${r.stats.entities} entities, ` +
        `${r.stats.orders} orders in ${r.stats.cases} case(s)`,
    );
  });
}
