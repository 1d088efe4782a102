import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ChokepointError } from '../../core/errors.ts';
import { SupportingSourceSchema } from '../../core/provenance.ts';
import {
  FlagScoreSchema,
  ReviewSchema,
  ReviewStatusSchema,
  ScoredOrderSchema,
} from '../../flags/schema.ts';
import { OrderRecord } from '../../network/schema.ts';
import {
  REVIEW_STATUSES,
  addReview,
  latestScores,
  reviewHistory,
  saveScores,
  scoreHistory,
  screeningEntries,
} from '../../store/flags.ts';
import { scoreOrders } from '../../flags/indicators.ts';
import { loadRules } from '../../flags/rules.ts';
import { entityCaption, props, type FtmEntity } from '../../network/ftm.ts';
import { listEntities, listRelations } from '../../store/entities.ts';

/** The name properties a sanctions-list entity is known by, as `flags score` reads them. */
const NAME_PROPS = ['name', 'alias', 'weakAlias', 'previousName'];
import { listOrders } from '../../store/orders.ts';
import { evidenceFor } from '../../store/sources.ts';
import { caseOf, userOf } from '../auth.ts';
import { latestReviews, pageOrders } from '../queries.ts';
import {
  CASE,
  COMMON_ERRORS,
  CaseIdParams,
  CaseParams,
  Paging,
  pageInMemory,
  pageOf,
} from '../schemas.ts';

// The records of the domains (network/schema.ts, flags/schema.ts), by their short names here.
const OrderOut = OrderRecord;
const Score = FlagScoreSchema;
const Status = ReviewStatusSchema;
const Review = ReviewSchema;

/** Orders, their red-flag scores and the analysts' review decisions. */
export async function ordersRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${CASE}/orders`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['orders'],
        summary: 'Orders of the case, by date',
        params: CaseParams,
        querystring: Paging,
        response: { 200: pageOf(OrderOut), ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const r = await pageOrders(req.server.store.db, caseOf(req), req.query);
      return { ...r, limit: req.query.limit, offset: req.query.offset };
    },
  );

  app.get(
    `${CASE}/orders/:id`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['orders'],
        summary: 'One order with its latest flags, score history, reviews and evidence',
        params: CaseIdParams,
        response: {
          200: OrderOut.extend({
            flags: Score.nullable(),
            score_history: z.array(Score),
            reviews: z.array(Review),
            status: Status,
            evidence: z.array(SupportingSourceSchema),
          }),
          ...COMMON_ERRORS,
        },
      },
    },
    async (req) => {
      const caseId = caseOf(req);
      const db = req.server.store.db;
      const [order] = await listOrders(db, [caseId], [req.params.id]);
      if (!order) throw new ChokepointError('CP_NOT_FOUND', `no order "${req.params.id}"`);
      const [history, reviews, evidence] = await Promise.all([
        scoreHistory(db, [caseId], order.order_id),
        reviewHistory(db, [caseId], order.order_id),
        evidenceFor(db, caseId, order.order_id, 'order'),
      ]);
      return {
        ...order,
        flags: history.at(-1) ?? null,
        score_history: history,
        reviews,
        status: reviews.at(-1)?.status ?? ('new' as const),
        evidence,
      };
    },
  );

  app.get(
    `${CASE}/flags/queue`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['orders'],
        summary: 'Scored orders by likelihood, with their review status',
        params: CaseParams,
        querystring: Paging.extend({ status: Status.optional() }),
        response: {
          200: pageOf(Score.extend({ status: Status, review: Review.nullable() })),
          ...COMMON_ERRORS,
        },
      },
    },
    async (req) => {
      const caseId = caseOf(req);
      const db = req.server.store.db;
      const [scores, reviews] = await Promise.all([
        latestScores(db, [caseId]),
        latestReviews(db, caseId),
      ]);
      const queue = scores
        .map((s) => {
          const r = reviews.get(s.order_id);
          return {
            ...s,
            status: (r?.status ?? 'new') as (typeof REVIEW_STATUSES)[number],
            review: r ? { ...r, status: r.status as (typeof REVIEW_STATUSES)[number] } : null,
          };
        })
        .filter((s) => !req.query.status || s.status === req.query.status);
      return pageInMemory(queue, req.query);
    },
  );

  app.post(
    `${CASE}/flags/score`,
    {
      config: { access: { case: 'analyst' }, audit: 'flags.score' },
      schema: {
        tags: ['orders'],
        summary: 'Re-score the stored orders of the case; the scores are kept with their history',
        params: CaseParams,
        body: z
          .object({
            rules: z
              .string()
              .regex(/^v\d+$/, 'a shipped rules version such as v1')
              .default('v1'),
          })
          .default({ rules: 'v1' }),
        response: {
          200: z.object({
            rules_version: z.string(),
            scored: z.number().int(),
            scores: z.array(ScoredOrderSchema),
          }),
          ...COMMON_ERRORS,
        },
      },
    },
    async (req) => {
      const caseId = caseOf(req);
      const db = req.server.store.db;
      // Only shipped versions: a file path from a caller must never reach the file system.
      const rules = loadRules(req.body.rules);
      const [orders, entities, relations, lists] = await Promise.all([
        listOrders(db, [caseId]),
        listEntities(db, { caseIds: [caseId] }),
        listRelations(db, [caseId]),
        screeningEntries(db),
      ]);
      const scores = scoreOrders(
        {
          orders,
          entities,
          relations: relations.filter((r) => r.source_id && r.target_id),
          lists: lists.map((r) => {
            const e = JSON.parse(r.data) as FtmEntity;
            const names = [entityCaption(e), ...NAME_PROPS.flatMap((p) => props(e, p))];
            return { list: r.list, entity_id: e.id, names: [...new Set(names)] };
          }),
        },
        rules,
      );
      const scoredAt = new Date().toISOString();
      await saveScores(
        db,
        caseId,
        scores.map((s) => ({
          order_id: s.order_id,
          rules_version: rules.version,
          likelihood: s.likelihood,
          flags: s.flags,
          scored_at: scoredAt,
        })),
      );
      req.auditDetail = { rules: rules.version, scored: scores.length };
      return { rules_version: rules.version, scored: scores.length, scores };
    },
  );

  app.post(
    `${CASE}/orders/:id/review`,
    {
      config: { access: { case: 'analyst' }, audit: 'order.review' },
      schema: {
        tags: ['orders'],
        summary: 'Record a review decision on an order (kept with the history)',
        params: CaseIdParams,
        body: z.object({ status: Status, reason: z.string().max(5000).nullable().default(null) }),
        response: { 201: Review, ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const caseId = caseOf(req);
      const db = req.server.store.db;
      const [order] = await listOrders(db, [caseId], [req.params.id]);
      if (!order) throw new ChokepointError('CP_NOT_FOUND', `no order "${req.params.id}"`);
      const decision = {
        order_id: order.order_id,
        status: req.body.status,
        decided_by: userOf(req).username,
        reason: req.body.reason,
        decided_at: new Date().toISOString(),
      };
      await addReview(db, caseId, decision);
      req.auditDetail = { order_id: order.order_id, review_status: decision.status };
      return reply.status(201).send(decision);
    },
  );
}
