import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ChokepointError } from '../../core/errors.ts';
import { NameRowSchema, recordFromRow } from '../../resolve/csv.ts';
import { DEFAULT_THRESHOLD } from '../../resolve/match.ts';
import {
  buildScreeningIndex,
  clusterRecords,
  matchPairs,
  type ScreenResult,
} from '../../resolve/jobs.ts';
import type { NameRecord } from '../../resolve/record.ts';
import type { Store } from '../../store/connect.ts';
import type { CaseCache } from '../cache.ts';
import { listEntitiesOf } from '../../store/lists.ts';
import { caseOf } from '../auth.ts';
import { Anything, CASE, COMMON_ERRORS, CaseParams } from '../schemas.ts';

/** A name record as the `match` / `screen` CSV has it: id, name and optional facts. */
export const NameRecordIn = NameRowSchema.meta({ id: 'NameRecord' });
const Records = z.array(NameRecordIn).min(1).max(20_000);
const Threshold = z.number().min(0).max(1).default(DEFAULT_THRESHOLD);

function uniqueIds(rows: { id: string }[], field: string): void {
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    if (seen.has(r.id))
      throw new ChokepointError('CP_BAD_INPUT', `duplicate id "${r.id}"`, {
        field: `${field}[${i}].id`,
        expected: 'unique ids',
      });
    seen.add(r.id);
  });
}

/**
 * Screens records against the sanctions lists. The lists are global (not per case) and
 * indexing them is the expensive part, so the index is memoised like a case's network.
 */
export async function screenRecords(
  store: Store,
  cache: CaseCache,
  records: NameRecord[],
  opts: { threshold: number; limit: number; lists?: string[] },
): Promise<ScreenResult[]> {
  const key = `screening-index:${(opts.lists ?? []).join('\u0001')}`;
  const index = await cache.get('\u0000lists', key, async () =>
    buildScreeningIndex(await listEntitiesOf(store.db, opts.lists)),
  );
  let memo = screenMemo.get(index);
  if (!memo) screenMemo.set(index, (memo = new Map()));
  return records.map((n) => {
    const memoKey = `${opts.threshold}\u0000${opts.limit}\u0000${JSON.stringify(n)}`;
    let hits = memo.get(memoKey);
    if (!hits) {
      hits = index.search(n, { threshold: opts.threshold, limit: opts.limit }).map((h) => ({
        entity_id: h.id,
        name: h.record.names[0] ?? h.id,
        score: h.score,
        list: h.record.list ?? null,
        features: h.features,
      }));
      if (memo.size >= SCREEN_MEMO_MAX) memo.clear();
      memo.set(memoKey, hits);
    }
    return { id: n.id, name: n.names[0] ?? '', hits };
  });
}

/**
 * What the index answered for a record, kept with the index itself: the entity page
 * screens the same entity on every visit, and the answer cannot change until the index is
 * rebuilt (which drops this memo with it). Bounded: cleared when it reaches the maximum.
 */
const SCREEN_MEMO_MAX = 5_000;
const screenMemo = new WeakMap<object, Map<string, ScreenResult['hits']>>();

/** Name matching and sanctions screening (src/resolve); nothing is written. */
export async function resolveRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.post(
    `${CASE}/match`,
    {
      config: { access: { case: 'viewer' }, audit: 'match' },
      schema: {
        tags: ['entities'],
        summary: 'Match names: pairs within `left`, or each left record against `right`',
        params: CaseParams,
        body: z.object({
          left: Records,
          right: Records.optional(),
          threshold: Threshold,
          clusters: z.boolean().default(false),
        }),
        response: { 200: z.object({ items: z.array(Anything) }), ...COMMON_ERRORS },
      },
    },
    async (req) => {
      caseOf(req);
      const { left, right, threshold, clusters } = req.body;
      uniqueIds(left, 'left');
      if (right) uniqueIds(right, 'right');
      const l = left.map(recordFromRow);
      const r = right?.map(recordFromRow);
      const pairs = matchPairs(l, r, { threshold });
      if (!clusters) return { items: pairs };
      return {
        items: clusterRecords([...l, ...(r ?? [])], pairs, threshold).map((c) => ({
          cluster_id: c.cluster_id,
          members: c.members,
          pairs: c.pairs,
        })),
      };
    },
  );

  app.post(
    `${CASE}/screen`,
    {
      config: { access: { case: 'viewer' }, audit: 'screen' },
      schema: {
        tags: ['entities'],
        summary: 'Screen names against the imported sanctions lists, hits best first',
        params: CaseParams,
        body: z.object({
          names: Records,
          threshold: Threshold,
          limit: z.number().int().min(1).max(100).default(10),
          lists: z.array(z.string().min(1).max(200)).max(50).optional(),
        }),
        response: { 200: z.object({ items: z.array(Anything) }), ...COMMON_ERRORS },
      },
    },
    async (req) => {
      caseOf(req);
      uniqueIds(req.body.names, 'names');
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
