import { readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { scoreAfterImport } from '../../app/orders.ts';
import { watchAfterImport } from '../../app/watchlist.ts';
import { importFile } from '../../store/importer.ts';
import type { JobHandler } from '../types.ts';

/** An uploaded file waiting on this host's disk, to import into a case (`POST …/imports`). */
export const ImportJobInput = z.object({
  case_id: z.string(),
  kind: z.string(),
  /** The file's name as uploaded, for messages. */
  name: z.string(),
  /** Where the upload was streamed to (a temporary directory of its own, removed after). */
  path: z.string(),
  import_id: z.string(),
  map: z.array(z.string()).optional(),
});

/**
 * Imports the file all or nothing (src/store/importer.ts), then scores the case's orders
 * when the kind changes what scoring reads; the `imports` table logs the outcome under
 * `import_id` either way. The upload's temporary directory goes when the job ends.
 */
export const handler: JobHandler<unknown, { import_id: string; rows: number }> = async (
  store,
  raw,
  ctx,
) => {
  const input = ImportJobInput.parse(raw);
  try {
    const bytes = await readFile(input.path);
    ctx.progress(0, 0, 'reading');
    const r = await importFile(store, input.kind, input.name, {
      caseId: input.case_id,
      bytes,
      importId: input.import_id,
      map: input.map,
      onProgress: (done, total) => ctx.progress(done, total, 'importing'),
    });
    ctx.count('rows', r.rows);
    ctx.progress(r.rows, r.rows, 'scoring');
    await scoreAfterImport(store, input.case_id, [input.kind]);
    // A list re-screens every case's parties, new parties their case (the watchlist).
    await watchAfterImport(store, input.case_id, [input.kind]);
    return { import_id: input.import_id, rows: r.rows };
  } finally {
    await rm(dirname(input.path), { recursive: true, force: true });
  }
};
