import { z } from 'zod';
import { matchNames, type MatchAnswer } from '../../app/matching.ts';
import { NameRowSchema, recordFromRow } from '../../resolve/csv.ts';
import type { JobHandler } from '../types.ts';

export const MatchJobInput = z.object({
  left: z.array(NameRowSchema),
  right: z.array(NameRowSchema).optional(),
  threshold: z.number().min(0).max(1).optional(),
  clusters: z.boolean().default(false),
  singletons: z.boolean().default(false),
});

export type MatchJobInput = z.input<typeof MatchJobInput>;
export type MatchJobResult = { items: MatchAnswer['items']; skipped: MatchAnswer['skipped'] };

/** Name matching (src/app/matching.ts) as a job: `POST …/match` beyond a few hundred
 * names, and `chokepoint match` in the foreground (which runs it without a store). */
export const handler: JobHandler<unknown, MatchJobResult> = async (_store, raw, ctx) => {
  const input = MatchJobInput.parse(raw);
  const answer = matchNames(input.left.map(recordFromRow), input.right?.map(recordFromRow), {
    threshold: input.threshold,
    clusters: input.clusters,
    singletons: input.singletons,
    onProgress: (done, total, stage) => {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      ctx.progress(done, total, stage);
    },
  });
  ctx.count(answer.clusters ? 'clusters' : 'pairs', answer.items.length);
  ctx.count('skipped', answer.skipped.length);
  return { items: answer.items, skipped: answer.skipped };
};
