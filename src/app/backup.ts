/**
 * Backup and restore of a whole store (`chokepoint backup FILE`, `chokepoint restore FILE`):
 * a consistent online copy of a SQLite file or a pg_dump archive of a PostgreSQL schema,
 * and its restoration into an empty (or, with `force`, any) database. The store does the
 * copying (src/store/backup.ts); each run leaves a row in the audit log of the database
 * it read or wrote, with who ran it.
 */
import { backupStore, restoreStore, type BackupInfo, type RestoreInfo } from '../store/backup.ts';
import { openStore } from '../store/connect.ts';
import { storeStats, type StoreStats } from '../store/stats.ts';
import { recordCliAction } from './audit.ts';

export interface BackupRequest {
  /** The store: a SQLite file or a postgres:// URL (with `?schema=`). */
  url: string;
  file: string;
  /** Replace an existing backup file. */
  force?: boolean;
}

/** Backs the store up into `file`; the counts are those of the store as it was opened. */
export async function backupDatabase(
  req: BackupRequest,
): Promise<BackupInfo & { stats: StoreStats }> {
  const store = await openStore({ url: req.url });
  try {
    const info = await backupStore(store, req.url, req.file, { force: req.force });
    const stats = await storeStats(store.db);
    await recordCliAction(store, {
      action: 'backup',
      target: req.file,
      detail: { format: info.format, bytes: info.bytes },
    });
    return { ...info, stats };
  } finally {
    await store.close();
  }
}

/** Restores `file` into the store at `url`; refused when that store holds records, unless `force`. */
export async function restoreDatabase(
  req: BackupRequest,
): Promise<RestoreInfo & { stats: StoreStats }> {
  const info = await restoreStore(req.url, req.file, { force: req.force });
  const store = await openStore({ url: req.url });
  try {
    const stats = await storeStats(store.db);
    await recordCliAction(store, {
      action: 'restore',
      target: req.file,
      detail: { format: info.format, replaced: info.replaced },
    });
    return { ...info, stats };
  } finally {
    await store.close();
  }
}
