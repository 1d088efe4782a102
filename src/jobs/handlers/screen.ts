import { z } from 'zod';
import { screenNames } from '../../app/screening.ts';
import { NameRowSchema, recordFromRow } from '../../resolve/csv.ts';
import type { JobHandler } from '../types.ts';

export const ScreenJobInput = z.object({
  names: z.array(NameRowSchema),
  threshold: z.number().min(0).max(1).optional(),
  limit: z.number().int().min(1).max(100).optional(),
  lists: z.array(z.string()).optional(),
});

/** Sanctions screening (src/app/screening.ts) as a job: `POST …/screen` beyond a few hundred names. */
export const handler: JobHandler<unknown, { items: unknown[] }> = async (store, raw, ctx) => {
  const input = ScreenJobInput.parse(raw);
  const items = await screenNames(store, {
    names: input.names.map(recordFromRow),
    threshold: input.threshold,
    limit: input.limit,
    lists: input.lists,
    onProgress: (done, total, stage) => {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      ctx.progress(done, total, stage);
    },
  });
  ctx.count(
    'hits',
    items.reduce((n, r) => n + r.hits.length, 0),
  );
  return { items };
};
