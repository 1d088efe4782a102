import { z } from 'zod';
import { FLAG_CODES } from './rules.ts';

/** The records of red-flag scoring: flags, scores and the analysts' review decisions. */

/** One point of a score: the indicator, its log-odds weight and the evidence behind it. */
export const FlagSchema = z
  .object({
    code: z.enum(FLAG_CODES),
    weight: z.number(),
    evidence: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Flag' });
export type Flag = z.output<typeof FlagSchema>;

/** An order's score: the likelihood the flags add up to, and the flags. */
export const ScoredOrderSchema = z
  .object({
    order_id: z.string(),
    likelihood: z.number(),
    flags: z.array(FlagSchema),
  })
  .meta({ id: 'ScoredOrder' });
export type ScoredOrder = z.output<typeof ScoredOrderSchema>;

/**
 * A flag as kept with a score. Scores of other rule versions stay in the history, so the
 * store holds their codes and evidence as they were written, not as today's rules name them.
 */
export const StoredFlagSchema = FlagSchema.extend({
  code: z.string().describe('a flag code of the rules that scored it'),
  evidence: z.unknown(),
}).meta({ id: 'StoredFlag' });
export type StoredFlag = z.output<typeof StoredFlagSchema>;

/** A score as kept: with the rules that made it and when (earlier ones stay, as history). */
export const FlagScoreSchema = ScoredOrderSchema.extend({
  flags: z.array(StoredFlagSchema),
  rules_version: z.string(),
  scored_at: z.string(),
}).meta({ id: 'FlagScore' });
export type FlagScore = z.output<typeof FlagScoreSchema>;

/** A kept flag with its name and its evidence in a sentence (src/flags/explain.ts). */
export const ExplainedFlagSchema = StoredFlagSchema.extend({
  name: z.string().describe('the flag code’s name'),
  explanation: z.string().describe('the evidence in a sentence'),
}).meta({ id: 'ExplainedFlag' });

/** A kept score whose flags are explained. */
export const ExplainedScoreSchema = FlagScoreSchema.extend({
  flags: z.array(ExplainedFlagSchema),
}).meta({ id: 'ExplainedScore' });

export const REVIEW_STATUSES = ['new', 'under_review', 'cleared', 'escalated'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export const ReviewStatusSchema = z.enum(REVIEW_STATUSES);

/** An analyst's decision on an order (kept with the history). */
export const ReviewSchema = z
  .object({
    order_id: z.string(),
    status: ReviewStatusSchema,
    decided_by: z.string().nullable(),
    reason: z.string().nullable(),
    decided_at: z.string(),
  })
  .meta({ id: 'Review' });
export type ReviewDecision = z.output<typeof ReviewSchema>;
