import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  caseAlerts,
  caseDecisions,
  decideAlert,
  decideHit,
  listDiff,
  listHistory,
  listsWithLastImport,
  refreshWatchlists,
} from '../../app/watchlist.ts';
import {
  yenteCatalog,
  yenteEntityById,
  yenteMatch,
  yenteSearch,
  type ScreenerFor,
} from '../../app/yente.ts';
import { recordFromRow } from '../../resolve/csv.ts';
import {
  ALERT_STATES,
  AlertSchema,
  DecisionSchema,
  ListChangeSchema,
  ListInfoSchema,
  ListVersionSchema,
  ScreeningDecisionSchema,
} from '../../resolve/lists/schema.ts';
import {
  YENTE_ALGORITHMS,
  YenteMatchBodySchema,
  YenteEntitySchema,
  YenteMatchResponseSchema,
  YenteSearchResponseSchema,
} from '../../resolve/lists/yente.ts';
import { DEFAULT_THRESHOLD } from '../../resolve/match.ts';
import { caseOf, userOf } from '../auth.ts';
import { CASE, COMMON_ERRORS, CaseIdParams, CaseParams, Id } from '../schemas.ts';
import { listsScreener, NameRecordIn } from './resolve.ts';

const typed = (b: FastifyInstance) => b.withTypeProvider<ZodTypeProvider>();
type Typed = ReturnType<typeof typed>;
const LastImport = z.object({
  added: z.number().int(),
  changed: z.number().int(),
  removed: z.number().int(),
});
const ListOut = ListInfoSchema.extend({ last_import: LastImport.nullable() });
const RefreshOut = z.object({
  case_id: z.string(),
  parties_screened: z.number().int(),
  entries_screened: z.number().int(),
  created: z.number().int(),
  realerted: z.number().int(),
  updated: z.number().int(),
  dropped: z.number().int(),
});
const Dataset = z.object({ dataset: z.string().min(1).max(200) });
const Algorithm = z.enum(YENTE_ALGORITHMS).default('best');

/** Lists and their versions, the watchlist's alerts and decisions (case routes). */
async function caseRoutes(app: Typed) {
  app.get(
    `${CASE}/lists`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['lists'],
        summary:
          'Sanctions lists loaded: issuer, title, publication date, version, what the last import changed',
        params: CaseParams,
        response: { 200: z.object({ items: z.array(ListOut) }), ...COMMON_ERRORS },
      },
    },
    async (req) => ({ items: await listsWithLastImport(req.server.store) }),
  );

  app.get(
    `${CASE}/lists/:list/versions`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['lists'],
        summary: 'Every imported version of a list, newest first',
        params: CaseParams.extend({ list: Id }),
        response: { 200: z.object({ items: z.array(ListVersionSchema) }), ...COMMON_ERRORS },
      },
    },
    async (req) => ({ items: await listHistory(req.server.store, req.params.list) }),
  );

  app.get(
    `${CASE}/lists/:list/changes`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['lists'],
        summary: 'What a version of a list (default the latest) added, changed and removed',
        params: CaseParams.extend({ list: Id }),
        querystring: z.object({ version: z.coerce.number().int().min(1).optional() }),
        response: {
          200: z.object({ version: ListVersionSchema, changes: z.array(ListChangeSchema) }),
          ...COMMON_ERRORS,
        },
      },
    },
    async (req) => listDiff(req.server.store, req.params.list, req.query.version),
  );

  app.get(
    `${CASE}/alerts`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['lists'],
        summary: "The watchlist's alerts, re-screened first against what changed; best score first",
        params: CaseParams,
        querystring: z.object({ state: z.enum(ALERT_STATES).optional() }),
        response: { 200: z.object({ items: z.array(AlertSchema) }), ...COMMON_ERRORS },
      },
    },
    async (req) => ({
      items: await caseAlerts(req.server.store, caseOf(req), {
        state: req.query.state,
        allLists: () => screenerFor(req)(undefined),
      }),
    }),
  );

  app.post(
    `${CASE}/alerts/refresh`,
    {
      config: { access: { case: 'analyst' }, audit: 'alerts.refresh' },
      schema: {
        tags: ['lists'],
        summary: "Re-screen the case's parties now against what changed",
        params: CaseParams,
        response: { 200: RefreshOut, ...COMMON_ERRORS },
      },
    },
    async (req) =>
      (
        await refreshWatchlists(req.server.store, caseOf(req), {
          allLists: () => screenerFor(req)(undefined),
        })
      )[0]!,
  );

  app.post(
    `${CASE}/alerts/:id/decision`,
    {
      config: { access: { case: 'analyst' }, audit: 'alerts.decide' },
      schema: {
        tags: ['lists'],
        summary: "Record a reviewer's decision on an alert (kept for calibration)",
        params: CaseIdParams,
        body: z.object({
          decision: DecisionSchema,
          note: z.string().max(2000).nullable().optional(),
        }),
        response: { 200: AlertSchema, ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const r = await decideAlert(req.server.store, caseOf(req), req.params.id, {
        decision: req.body.decision,
        by: userOf(req).username,
        note: req.body.note,
      });
      return r.alert;
    },
  );

  app.get(
    `${CASE}/screening/decisions`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['lists'],
        summary:
          "Reviewers' decisions on screening hits, oldest first: what calibration learns from",
        params: CaseParams,
        response: { 200: z.object({ items: z.array(ScreeningDecisionSchema) }), ...COMMON_ERRORS },
      },
    },
    async (req) => ({ items: await caseDecisions(req.server.store, caseOf(req)) }),
  );

  app.post(
    `${CASE}/screening/decisions`,
    {
      config: { access: { case: 'analyst' }, audit: 'screening.decide' },
      schema: {
        tags: ['lists'],
        summary: 'Record a decision on a hit of names screened by hand (the pair is scored again)',
        params: CaseParams,
        body: z.object({
          query: NameRecordIn,
          list: z.string().min(1).max(200),
          entity_id: Id,
          decision: DecisionSchema,
          note: z.string().max(2000).nullable().optional(),
        }),
        response: { 200: ScreeningDecisionSchema, ...COMMON_ERRORS },
      },
    },
    async (req) =>
      decideHit(req.server.store, caseOf(req), {
        query: recordFromRow(req.body.query),
        list: req.body.list,
        entity_id: req.body.entity_id,
        decision: req.body.decision,
        by: userOf(req).username,
        note: req.body.note,
      }),
  );
}

/**
 * yente's API (POST /match/{dataset}, GET /search/{dataset}, GET /catalog) under /api, for
 * any signed-in user (the same bearer tokens as the rest of the API): lists are shared by
 * every case, so no case is named.
 */
async function yenteRoutes(app: Typed) {
  app.post(
    '/api/match/:dataset',
    {
      config: { access: 'user', audit: 'yente.match' },
      schema: {
        tags: ['yente'],
        summary: 'yente-compatible: match query entities against a list (`default`: all lists)',
        params: Dataset,
        querystring: z.object({
          threshold: z.coerce.number().min(0).max(1).default(DEFAULT_THRESHOLD),
          cutoff: z.coerce.number().min(0).max(1).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(5),
          algorithm: Algorithm,
        }),
        body: YenteMatchBodySchema.refine((b) => Object.keys(b.queries).length <= 1000, {
          message: 'at most 1000 queries',
          path: ['queries'],
        }),
        response: { 200: YenteMatchResponseSchema, ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const { threshold, limit } = req.query;
      // yente returns candidates down to its cutoff and marks those at the threshold `match`.
      const cutoff = Math.min(req.query.cutoff ?? 0.5, threshold);
      return yenteMatch(req.server.store, screenerFor(req), req.params.dataset, req.body.queries, {
        threshold,
        cutoff,
        limit,
      });
    },
  );

  app.get(
    '/api/search/:dataset',
    {
      config: { access: 'user' },
      schema: {
        tags: ['yente'],
        summary: 'yente-compatible: entities of a list (`default`: all) whose names resemble `q`',
        params: Dataset,
        querystring: z.object({
          q: z.string().trim().min(1).max(500),
          schema: z
            .string()
            .regex(/^[A-Z][A-Za-z]*$/)
            .default('Thing'),
          limit: z.coerce.number().int().min(1).max(500).default(10),
          offset: z.coerce.number().int().min(0).max(10_000).default(0),
        }),
        response: { 200: YenteSearchResponseSchema, ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const schema = req.query.schema === 'Thing' ? 'LegalEntity' : req.query.schema;
      return yenteSearch(req.server.store, screenerFor(req), req.params.dataset, {
        ...req.query,
        schema,
        threshold: 0.5,
      });
    },
  );

  app.get(
    '/api/entities/:id',
    {
      config: { access: 'user' },
      schema: {
        tags: ['yente'],
        summary: 'yente-compatible: one listed entity by its id',
        params: z.object({ id: Id }),
        response: { 200: YenteEntitySchema, ...COMMON_ERRORS },
      },
    },
    async (req) => yenteEntityById(req.server.store, req.params.id),
  );

  app.get(
    '/api/catalog',
    {
      config: { access: 'user' },
      schema: {
        tags: ['yente'],
        summary: 'yente-compatible: the lists as datasets, and `default` holding them all',
        response: {
          200: z.object({
            datasets: z.array(
              z.object({
                name: z.string(),
                title: z.string(),
                summary: z.string().nullable(),
                load: z.boolean(),
                version: z.string(),
                index_version: z.string(),
                index_current: z.boolean(),
                children: z.array(z.string()),
              }),
            ),
            current: z.array(z.string()),
            outdated: z.array(z.string()),
            index_stale: z.boolean(),
          }),
          ...COMMON_ERRORS,
        },
      },
    },
    async (req) => yenteCatalog(req.server.store),
  );
}

/** The request's screener over some lists, as the API keeps them built (src/server/cache.ts). */
function screenerFor(req: FastifyRequest): ScreenerFor {
  return (lists) => listsScreener(req.server.store, req.server.caseCache, lists);
}

export async function listsRoutes(base: FastifyInstance): Promise<void> {
  const app = typed(base);
  await caseRoutes(app);
  await yenteRoutes(app);
}
