import { z } from 'zod';
import { scoreCaseOrders } from '../../app/orders.ts';
import { resolveRules } from '../../app/rules.ts';
import type { JobHandler } from '../types.ts';

export const ScoreJobInput = z.object({ case_id: z.string(), rules: z.string().default('v1') });

/** Re-scores a case's stored orders and keeps the scores (src/app/orders.ts) as a job. */
export const handler: JobHandler<unknown, unknown> = async (store, raw, ctx) => {
  const input = ScoreJobInput.parse(raw);
  // Shipped versions and stored rule sets only: no caller's text reaches the file system.
  const rules = await resolveRules(store, input.rules);
  const { scores } = await scoreCaseOrders(store, {
    caseId: input.case_id,
    rules,
    onProgress: (done, total, stage) => ctx.progress(done, total, stage),
  });
  ctx.count('scored', scores.length);
  return { rules_version: rules.version, scored: scores.length, scores };
};
