import { z } from 'zod';

/** The records name matching and screening answer (`match`, `screen`, `--json`). */

/** Every feature that spoke for a pair, with its value and weight (features.ts). */
export const FeaturesSchema = z.record(
  z.string(),
  z.object({ value: z.number(), weight: z.number() }),
);

/** Two records that match, and why. */
export const ScoredPairSchema = z
  .object({
    left_id: z.string(),
    right_id: z.string(),
    score: z.number(),
    features: FeaturesSchema,
  })
  .meta({ id: 'ScoredPair' });
export type ScoredPair = z.output<typeof ScoredPairSchema>;

/** Records that are one entity, and the pairs that joined them. */
export const NameClusterSchema = z
  .object({
    /** Stable: the same members always give the same id. */
    cluster_id: z.string(),
    /** Sorted member ids. */
    members: z.array(z.string()),
    /** The pairs above the threshold that joined the members: why they are one entity. */
    pairs: z.array(ScoredPairSchema),
  })
  .meta({ id: 'NameCluster' });
export type NameCluster = z.output<typeof NameClusterSchema>;

/** A record `match` left out because it gives nothing to match on. */
export const SkippedRecordSchema = z
  .object({ id: z.string(), side: z.enum(['left', 'right']), reason: z.string() })
  .meta({ id: 'SkippedRecord' });
export type SkippedRecord = z.output<typeof SkippedRecordSchema>;

export const ScreenHitSchema = z
  .object({
    entity_id: z.string(),
    name: z.string(),
    score: z.number(),
    list: z.string().nullable(),
    features: FeaturesSchema,
  })
  .meta({ id: 'ScreenHit' });
export type ScreenHit = z.output<typeof ScreenHitSchema>;

/** One screened record and its hits, best first. */
export const ScreenResultSchema = z
  .object({ id: z.string(), name: z.string(), hits: z.array(ScreenHitSchema) })
  .meta({ id: 'ScreenResult' });
export type ScreenResult = z.output<typeof ScreenResultSchema>;
