import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SupportingSourceSchema } from '../../core/provenance.ts';
import {
  ExplainedScoreSchema,
  FlagScoreSchema,
  ReviewSchema,
  ReviewStatusSchema,
  ScoredOrderSchema,
} from '../../flags/schema.ts';
import { OrderRecord } from '../../network/schema.ts';
import { orderDetail, reviewOrder, reviewQueue, scoreCaseOrders } from '../../app/orders.ts';
import { resolveRules } from '../../app/rules.ts';
import { JobAcceptedSchema } from '../../jobs/schema.ts';
import { acceptJob, prefersAsync } from '../jobs.ts';
import { caseOf, userOf } from '../auth.ts';
import { pageOrders } from '../../store/orders.ts';
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
            flags: ExplainedScoreSchema.nullable(),
            score_history: z.array(Score),
            reviews: z.array(Review),
            status: Status,
            evidence: z.array(SupportingSourceSchema),
          }),
          ...COMMON_ERRORS,
        },
      },
    },
    async (req) => orderDetail(req.server.store, { caseId: caseOf(req), orderId: req.params.id }),
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
          200: pageOf(ExplainedScoreSchema.extend({ status: Status, review: Review.nullable() })),
          ...COMMON_ERRORS,
        },
      },
    },
    async (req) => {
      const queue = await reviewQueue(req.server.store, {
        caseId: caseOf(req),
        status: req.query.status,
      });
      return pageInMemory(
        queue.map((e) => ({ ...e.score, status: e.status, review: e.review })),
        req.query,
      );
    },
  );

  app.post(
    `${CASE}/flags/score`,
    {
      config: { access: { case: 'analyst' }, audit: 'flags.score' },
      schema: {
        tags: ['orders'],
        summary:
          'Re-score the stored orders of the case; the scores are kept with their history. With `Prefer: respond-async` answers 202 with a job',
        params: CaseParams,
        body: z
          .object({
            rules: z
              .string()
              .regex(
                /^(v\d+|[a-z0-9][a-z0-9_-]{0,63}(@v\d+)?)$/,
                'a shipped rules version such as v1, or a stored rule set (name or name@vN)',
              )
              .default('v1'),
          })
          .default({ rules: 'v1' }),
        response: {
          200: z.object({
            rules_version: z.string(),
            scored: z.number().int(),
            scores: z.array(ScoredOrderSchema),
          }),
          202: JobAcceptedSchema,
          ...COMMON_ERRORS,
        },
      },
    },
    async (req, reply) => {
      // Shipped versions and stored rule sets only: a caller's text never reaches the file system.
      const rules = await resolveRules(req.server.store, req.body.rules);
      if (prefersAsync(req))
        return acceptJob(req, reply, {
          kind: 'flags.score',
          case_id: caseOf(req),
          input: { case_id: caseOf(req), rules: req.body.rules },
        });
      const { scores } = await scoreCaseOrders(req.server.store, { caseId: caseOf(req), rules });
      req.auditDetail = { rules: rules.version, scored: scores.length };
      return { rules_version: rules.version, scored: scores.length, scores };
    },
  );

  app.post(
    `${CASE}/flags/calibrate`,
    {
      config: { access: { case: 'analyst' }, audit: 'flags.calibrate' },
      schema: {
        tags: ['orders'],
        summary:
          'Fit the red-flag weights to labelled orders (the orders CSV with a label column) and save them as the next version of a rule set; always a job (202)',
        params: CaseParams,
        body: z.object({
          csv: z.string().min(1).max(50_000_000).describe('the labelled orders CSV'),
          file: z.string().min(1).max(200).default('labelled.csv'),
          base: z
            .string()
            .regex(/^(v\d+|[a-z0-9][a-z0-9_-]{0,63}(@v\d+)?)$/)
            .optional(),
          folds: z.number().int().min(2).max(20).optional(),
          name: z
            .string()
            .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/)
            .optional(),
        }),
        response: { 202: JobAcceptedSchema, ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const { csv, ...rest } = req.body;
      return acceptJob(req, reply, {
        kind: 'flags.calibrate',
        case_id: caseOf(req),
        input: { text: csv, ...rest },
      });
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
      const decision = await reviewOrder(req.server.store, {
        caseId: caseOf(req),
        orderId: req.params.id,
        status: req.body.status,
        reason: req.body.reason,
        by: userOf(req).username,
      });
      req.auditDetail = { order_id: decision.order_id, review_status: decision.status };
      return reply.status(201).send(decision);
    },
  );
}
