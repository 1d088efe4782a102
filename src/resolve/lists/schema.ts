import { z } from 'zod';
import { FeaturesSchema, ScreenHitSchema } from '../schema.ts';

/**
 * The records of sanctions lists as users hold them: each import a version (issuer, title,
 * publication date, counts, what it added, changed and removed), and the watchlist's
 * alerts and reviewers' decisions. One schema each, read by the store, the API and the web.
 */

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const ListInfoSchema = z
  .object({
    id: z.string(),
    /** The name the list is known by here (un-sc-consolidated, us-ofac-sdn…). */
    name: z.string(),
    format: z.string(),
    file: z.string().nullable(),
    imported_at: z.string(),
    entities: z.number().int(),
    issuer: z.string().nullable(),
    /** The list's own title, as its issuer calls it. */
    title: z.string().nullable(),
    /** When the issuer published the version loaded, YYYY-MM-DD; null when the file does not say. */
    published: IsoDay.nullable(),
    /** The number of the version loaded (1 for the first import). */
    version: z.number().int().nullable(),
  })
  .meta({ id: 'ListInfo' });
export type ListInfo = z.output<typeof ListInfoSchema>;

export const ListVersionSchema = z
  .object({
    list_id: z.string(),
    version: z.number().int(),
    issuer: z.string().nullable(),
    title: z.string().nullable(),
    published: IsoDay.nullable(),
    format: z.string(),
    file: z.string().nullable(),
    imported_at: z.string(),
    entities: z.number().int(),
    added: z.number().int(),
    changed: z.number().int(),
    removed: z.number().int(),
  })
  .meta({ id: 'ListVersion' });
export type ListVersion = z.output<typeof ListVersionSchema>;

export const CHANGE_KINDS = ['added', 'changed', 'removed'] as const;
export const ListChangeSchema = z
  .object({
    list_id: z.string(),
    version: z.number().int(),
    entity_id: z.string(),
    change: z.enum(CHANGE_KINDS),
    caption: z.string(),
  })
  .meta({ id: 'ListChange' });
export type ListChange = z.output<typeof ListChangeSchema>;

/** A screening hit with the list it came from: name, issuer, publication date and version. */
export const ListedHitSchema = ScreenHitSchema.extend({
  list_id: z.string().nullable(),
  list_title: z.string().nullable(),
  list_issuer: z.string().nullable(),
  list_published: IsoDay.nullable(),
  list_version: z.number().int().nullable(),
}).meta({ id: 'ListedHit' });
export type ListedHit = z.output<typeof ListedHitSchema>;

export const ListedScreenResultSchema = z
  .object({ id: z.string(), name: z.string(), hits: z.array(ListedHitSchema) })
  .meta({ id: 'ListedScreenResult' });
export type ListedScreenResult = z.output<typeof ListedScreenResultSchema>;

export const DECISIONS = ['match', 'no_match', 'unsure'] as const;
export const DecisionSchema = z.enum(DECISIONS);
export type Decision = z.output<typeof DecisionSchema>;
export const ALERT_STATES = ['new', ...DECISIONS] as const;
/** Why an alert is (again) new: a first hit, a higher score than decided, a changed entry. */
export const ALERT_REASONS = ['new_hit', 'score_rose', 'entry_changed'] as const;

export const AlertSchema = z
  .object({
    id: z.string(),
    case_id: z.string(),
    party_id: z.string(),
    party_name: z.string(),
    list_id: z.string(),
    list_name: z.string(),
    list_version: z.number().int().nullable(),
    entry_id: z.string(),
    entry_caption: z.string(),
    score: z.number(),
    features: FeaturesSchema,
    reason: z.enum(ALERT_REASONS),
    state: z.enum(ALERT_STATES),
    decided_by: z.string().nullable(),
    decided_at: z.string().nullable(),
    note: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'ScreeningAlert' });
export type Alert = z.output<typeof AlertSchema>;

/**
 * A reviewer's decision on a hit: the names on both sides, the score and features the
 * engine gave, and the verdict. What calibration learns from (`screeningDecisions()`).
 */
export const ScreeningDecisionSchema = z
  .object({
    id: z.string(),
    /** The alert decided, or null for a hit of names screened on the screening page. */
    alert_id: z.string().nullable(),
    case_id: z.string(),
    /** The screened side as a name record (id, names, schema, facts). */
    query: z.record(z.string(), z.unknown()),
    list_id: z.string().nullable(),
    entity_id: z.string(),
    /** The listed entry as it was when decided (FtM). */
    entry: z.record(z.string(), z.unknown()),
    score: z.number(),
    features: FeaturesSchema,
    decision: DecisionSchema,
    decided_by: z.string(),
    decided_at: z.string(),
    note: z.string().nullable(),
  })
  .meta({ id: 'ScreeningDecision' });
export type ScreeningDecision = z.output<typeof ScreeningDecisionSchema>;
