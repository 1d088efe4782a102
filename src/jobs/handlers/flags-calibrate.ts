import { z } from 'zod';
import { calibrateRuleSet } from '../../app/rules.ts';
import type { JobHandler } from '../types.ts';

export const CalibrateJobInput = z.object({
  /** The labelled orders CSV (orders columns + label). */
  text: z.string(),
  file: z.string(),
  base: z.string().optional(),
  folds: z.number().int().min(2).max(20).optional(),
  name: z.string().optional(),
  /** A rules file may be the base: only the CLI sets this (the API route builds its input). */
  files: z.boolean().default(false),
});
export type CalibrateJobInput = z.input<typeof CalibrateJobInput>;
export type CalibrateJobResult = Awaited<ReturnType<typeof calibrateRuleSet>>;

/** Fits red-flag weights to labelled orders and saves the rule set (src/app/rules.ts) as a job. */
export const handler: JobHandler<unknown, CalibrateJobResult> = async (store, raw, ctx) => {
  const input = CalibrateJobInput.parse(raw);
  ctx.progress(0, 1, 'calibrating');
  const r = await calibrateRuleSet(store, { ...input, createdBy: ctx.actor });
  ctx.progress(1, 1, 'calibrating');
  return r;
};
