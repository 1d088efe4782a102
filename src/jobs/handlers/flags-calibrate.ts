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
});

/** Fits red-flag weights to labelled orders and saves the rule set (src/app/rules.ts) as a job. */
export const handler: JobHandler<unknown, unknown> = async (store, raw, ctx) => {
  const input = CalibrateJobInput.parse(raw);
  ctx.progress(0, 1, 'calibrating');
  // Stored rule sets and shipped versions only as a base: files are the CLI's.
  const r = await calibrateRuleSet(store, { ...input, createdBy: ctx.actor, files: false });
  ctx.progress(1, 1, 'calibrating');
  return r;
};
