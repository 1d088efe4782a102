import { z } from 'zod';
import { scoreCaseOrders, type CaseScores } from '../../app/orders.ts';
import { resolveRules } from '../../app/rules.ts';
import type { JobHandler } from '../types.ts';

export const ScoreJobInput = z.object({
  case_id: z.string(),
  rules: z.string().default('v1'),
  /** A rules file may be named: only the CLI sets this (the API routes build their input). */
  files: z.boolean().default(false),
});
export type ScoreJobInput = z.input<typeof ScoreJobInput>;
export type ScoreJobResult = {
  rules_version: string;
  scored: number;
  scores: CaseScores['scores'];
};

/** Re-scores a case's stored orders and keeps the scores (src/app/orders.ts) as a job. */
export const handler: JobHandler<unknown, ScoreJobResult> = async (store, raw, ctx) => {
  const input = ScoreJobInput.parse(raw);
  // Shipped versions and stored rule sets only, unless the CLI names its own rules file.
  const rules = await resolveRules(store, input.rules, { files: input.files });
  const { scores } = await scoreCaseOrders(store, {
    caseId: input.case_id,
    rules,
    onProgress: (done, total, stage) => ctx.progress(done, total, stage),
  });
  ctx.count('scored', scores.length);
  return { rules_version: rules.version, scored: scores.length, scores };
};
