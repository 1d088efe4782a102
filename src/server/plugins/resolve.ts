import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ChokepointError } from '../../core/errors.ts';
import { NameRowSchema, recordFromRow } from '../../resolve/csv.ts';
import { DEFAULT_THRESHOLD } from '../../resolve/match.ts';
import type { NameRecord } from '../../resolve/record.ts';
import type { Store } from '../../store/connect.ts';
import type { CaseCache } from '../cache.ts';
import { matchNames } from '../../app/matching.ts';
import { listsVersionKey, loadScreener, type Screener } from '../../app/screening.ts';
import { caseOf } from '../auth.ts';
import { ListedScreenResultSchema, type ListedScreenResult } from '../../resolve/lists/schema.ts';
import { NameClusterSchema, ScoredPairSchema, SkippedRecordSchema } from '../../resolve/schema.ts';
import { CASE, COMMON_ERRORS, CaseParams } from '../schemas.ts';
import { JobAcceptedSchema } from '../../jobs/schema.ts';
import { acceptJob, ASYNC_THRESHOLDS, prefersAsync } from '../jobs.ts';
import { recordsInTurns } from '../yields.ts';

/** A name record as the `match` / `screen` CSV has it: id, name and optional facts. */
export const NameRecordIn = NameRowSchema.meta({ id: 'NameRecord' });
const Records = z.array(NameRecordIn).min(1).max(20_000);
const Threshold = z.number().min(0).max(1).default(DEFAULT_THRESHOLD);
/** The records' arrays as fastify checks them; the records go through recordsInTurns. */
const RecordsShallow = z.array(z.unknown()).min(1).max(20_000);

const MatchBody = z.object({
  left: Records,
  right: Records.optional(),
  threshold: Threshold,
  clusters: z.boolean().default(false),
  singletons: z
    .boolean()
    .default(false)
    .describe('with `clusters`, also the records that matched nothing'),
});
const matchInTurns = recordsInTurns(
  MatchBody.extend({ left: RecordsShallow, right: RecordsShallow.optional() }),
  { left: NameRecordIn, right: NameRecordIn },
);

const ScreenBody = z.object({
  names: Records,
  threshold: Threshold,
  limit: z.number().int().min(1).max(100).default(10),
  lists: z.array(z.string().min(1).max(200)).max(50).optional(),
});
const screenInTurns = recordsInTurns(ScreenBody.extend({ names: RecordsShallow }), {
  names: NameRecordIn,
});

function uniqueIds(rows: { id: string }[], field: string): void {
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    if (seen.has(r.id))
      throw new ChokepointError('CP_DUPLICATE_ID', `duplicate id "${r.id}"`, {
        field: `${field}[${i}].id`,
        expected: 'unique ids',
      });
    seen.add(r.id);
  });
}

/**
 * Screens records against the sanctions lists. The lists are global (not per case) and
 * indexing them is the expensive part, so the screener (the index with its memo of
 * answers) is kept like a case's network, until the next write or its expiry.
 */
export async function screenRecords(
  store: Store,
  cache: CaseCache,
  records: NameRecord[],
  opts: { threshold: number; limit: number; lists?: string[] },
): Promise<ListedScreenResult[]> {
  return (await listsScreener(store, cache, opts.lists)).screen(records, opts);
}

/** The screener over the named lists (all when none is named), kept until a list changes or expiry. */
const builtFor = new WeakMap<CaseCache, string>();
export async function listsScreener(
  store: Store,
  cache: CaseCache,
  lists?: string[],
): Promise<Screener> {
  // A new list version (imported by the CLI, the API or a job) is a new index: the old go.
  const versions = await listsVersionKey(store);
  if (builtFor.get(cache) !== versions) {
    cache.invalidate('\u0000lists');
    builtFor.set(cache, versions);
  }
  const key = `screening-index:${(lists ?? []).join('\u0001')}`;
  return cache.get('\u0000lists', key, () => loadScreener(store, lists));
}

/** Name matching and sanctions screening (src/resolve); nothing is written. */
export async function resolveRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.post(
    `${CASE}/match`,
    {
      config: { access: { case: 'viewer' }, audit: 'match' },
      ...matchInTurns,
      schema: {
        tags: ['entities'],
        summary:
          'Match names: pairs within `left`, or each left record against `right`; beyond 500 names (or with `Prefer: respond-async`) answers 202 with a job',
        params: CaseParams,
        body: MatchBody,
        response: {
          200: z.object({
            items: z
              .array(z.union([ScoredPairSchema, NameClusterSchema]))
              .describe('pairs, or with `clusters` the clusters they make'),
            skipped: z
              .array(SkippedRecordSchema)
              .describe('records with nothing to match on (no name and no other field), left out'),
          }),
          202: JobAcceptedSchema,
          ...COMMON_ERRORS,
        },
      },
    },
    async (req, reply) => {
      const caseId = caseOf(req);
      const { left, right, threshold, clusters, singletons } = req.body;
      uniqueIds(left, 'left');
      if (right) uniqueIds(right, 'right');
      if (left.length + (right?.length ?? 0) > ASYNC_THRESHOLDS.names || prefersAsync(req))
        return acceptJob(req, reply, { kind: 'names.match', case_id: caseId, input: req.body });
      const answer = matchNames(left.map(recordFromRow), right?.map(recordFromRow), {
        threshold,
        clusters,
        singletons,
      });
      return { items: answer.items, skipped: answer.skipped };
    },
  );

  app.post(
    `${CASE}/screen`,
    {
      config: { access: { case: 'viewer' }, audit: 'screen' },
      ...screenInTurns,
      schema: {
        tags: ['entities'],
        summary:
          'Screen names against the imported sanctions lists, hits best first; beyond 500 names (or with `Prefer: respond-async`) answers 202 with a job',
        params: CaseParams,
        body: ScreenBody,
        response: {
          200: z.object({ items: z.array(ListedScreenResultSchema) }),
          202: JobAcceptedSchema,
          ...COMMON_ERRORS,
        },
      },
    },
    async (req, reply) => {
      const caseId = caseOf(req);
      uniqueIds(req.body.names, 'names');
      if (req.body.names.length > ASYNC_THRESHOLDS.names || prefersAsync(req))
        return acceptJob(req, reply, { kind: 'names.screen', case_id: caseId, input: req.body });
      const results = await screenRecords(
        req.server.store,
        req.server.caseCache,
        req.body.names.map(recordFromRow),
        { threshold: req.body.threshold, limit: req.body.limit, lists: req.body.lists },
      );
      return { items: results };
    },
  );
}
