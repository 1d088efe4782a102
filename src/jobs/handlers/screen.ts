import { z } from 'zod';
import { screenNames } from '../../app/screening.ts';
import type { ListedScreenResult } from '../../resolve/lists/schema.ts';
import { NameRowSchema, recordFromRow } from '../../resolve/csv.ts';
import type { JobHandler } from '../types.ts';

export const ScreenJobInput = z.object({
  /** Without names, the party entities of `case_id` are screened (`chokepoint screen`). */
  names: z.array(NameRowSchema).optional(),
  case_id: z.string().optional(),
  threshold: z.number().min(0).max(1).optional(),
  limit: z.number().int().min(1).max(100).optional(),
  lists: z.array(z.string()).optional(),
});

export type ScreenJobInput = z.input<typeof ScreenJobInput>;
export type ScreenJobResult = { items: ListedScreenResult[] };

/** Sanctions screening (src/app/screening.ts) as a job: `POST …/screen` beyond a few hundred names. */
export const handler: JobHandler<unknown, ScreenJobResult> = async (store, raw, ctx) => {
  const input = ScreenJobInput.parse(raw);
  const items = await screenNames(store, {
    names: input.names?.map(recordFromRow),
    caseId: input.case_id,
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
