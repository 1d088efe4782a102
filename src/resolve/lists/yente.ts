import { z } from 'zod';
import type { FtmEntity } from '../../network/ftm.ts';
import type { Features } from '../features.ts';
import { FACT_WEIGHTS, NAME_WEIGHTS } from '../features.ts';
import type { NameRecord } from '../record.ts';
import { recordFromFtm } from '../record.ts';

/**
 * The request and response shapes of yente, OpenSanctions' screening API (POST
 * /match/{dataset}, GET /search/{dataset}, GET /catalog), so that a client written for yente
 * works against Chokepoint. Differences are in the README: the score is Chokepoint's
 * engine's, `features` holds each feature's value (yente's too) and `explanations` adds the
 * weight and what the feature contributed.
 */

/** One query entity: an FtM schema and properties (a value or a list of values each). */
export const YenteEntityExampleSchema = z
  .object({
    id: z.string().max(200).optional(),
    schema: z.string().regex(/^[A-Z][A-Za-z]*$/, 'a FollowTheMoney schema such as Person'),
    properties: z.record(
      z.string().max(100),
      z.union([
        z.string().max(2000),
        z.array(z.union([z.string().max(2000), z.number()])).max(100),
      ]),
    ),
  })
  .meta({ id: 'YenteEntityExample' });
export type YenteEntityExample = z.output<typeof YenteEntityExampleSchema>;

export const YenteMatchBodySchema = z
  .object({
    queries: z.record(z.string().min(1).max(200), YenteEntityExampleSchema),
    /** yente lets a client tune weights; Chokepoint's are calibrated here and not taken. */
    weights: z.record(z.string(), z.number()).optional(),
  })
  .meta({ id: 'YenteMatchQuery' });

const TotalSpec = z.object({ value: z.number().int(), relation: z.string() });

export const YenteEntitySchema = z
  .object({
    id: z.string(),
    caption: z.string(),
    schema: z.string(),
    properties: z.record(z.string(), z.array(z.unknown())),
    datasets: z.array(z.string()),
    referents: z.array(z.string()),
    target: z.boolean(),
    first_seen: z.string().nullable(),
    last_seen: z.string().nullable(),
    last_change: z.string().nullable(),
  })
  .meta({ id: 'YenteEntity' });

export const YenteExplanationSchema = z.object({
  score: z.number(),
  weight: z.number(),
  contribution: z.number(),
});

export const YenteScoredEntitySchema = YenteEntitySchema.extend({
  score: z.number(),
  match: z.boolean(),
  features: z.record(z.string(), z.number()),
  explanations: z.record(z.string(), YenteExplanationSchema),
}).meta({ id: 'YenteScoredEntity' });
export type YenteScoredEntity = z.output<typeof YenteScoredEntitySchema>;

export const YenteMatchResponseSchema = z
  .object({
    responses: z.record(
      z.string(),
      z.object({
        status: z.number().int(),
        results: z.array(YenteScoredEntitySchema),
        total: TotalSpec,
        query: YenteEntityExampleSchema,
      }),
    ),
    matcher: z.record(z.string(), z.object({ description: z.string(), coefficient: z.number() })),
    limit: z.number().int(),
  })
  .meta({ id: 'YenteMatchResponse' });
export type YenteMatchResponse = z.output<typeof YenteMatchResponseSchema>;

export const YenteSearchResponseSchema = z
  .object({
    results: z.array(YenteScoredEntitySchema),
    total: TotalSpec,
    limit: z.number().int(),
    offset: z.number().int(),
    facets: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'YenteSearchResponse' });

/** Algorithm names yente knows: all accepted, all answered by Chokepoint's one engine. */
export const YENTE_ALGORITHMS = [
  'best',
  'default',
  'chokepoint',
  'logic-v1',
  'logic-v2',
  'name-based',
  'name-qualified',
  'regression-v1',
  'regression-v2',
] as const;

/** A query entity as the name record the engine screens. */
export function queryRecord(id: string, q: YenteEntityExample): NameRecord {
  const properties: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(q.properties))
    properties[k] = (Array.isArray(v) ? v : [v]).map(String).filter((s) => s.trim());
  return recordFromFtm({ id, schema: q.schema, properties });
}

/** The features as yente shows them (name → value), and with weight and contribution. */
export function explain(features: Features): Pick<YenteScoredEntity, 'features' | 'explanations'> {
  const out: Pick<YenteScoredEntity, 'features' | 'explanations'> = {
    features: {},
    explanations: {},
  };
  for (const [k, f] of Object.entries(features)) {
    out.features[k] = f.value;
    out.explanations[k] = { score: f.value, weight: f.weight, contribution: f.value * f.weight };
  }
  return out;
}

/** A listed entity as yente returns one; `datasets` names the list it came from. */
export function yenteEntity(
  e: FtmEntity,
  caption: string,
  list: { id: string; published: string | null; imported_at: string },
): z.output<typeof YenteEntitySchema> {
  return {
    id: e.id,
    caption,
    schema: e.schema,
    properties: e.properties as Record<string, unknown[]>,
    datasets: [list.id],
    referents: [],
    target: true,
    first_seen: null,
    last_seen: list.imported_at,
    last_change: list.published,
  };
}

/** The features the engine scores with, as yente's `matcher` documents them. */
export function matcherDocs(): YenteMatchResponse['matcher'] {
  const docs: YenteMatchResponse['matcher'] = {};
  for (const [k, w] of Object.entries({ ...NAME_WEIGHTS, ...FACT_WEIGHTS }))
    docs[k] = { description: k.replace(/_/g, ' '), coefficient: w };
  return docs;
}

/** Whether a record has anything to screen by: a name. */
export function hasName(r: NameRecord): boolean {
  return r.names.some((n) => n.trim());
}
