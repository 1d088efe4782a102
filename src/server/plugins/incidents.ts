import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ChokepointError } from '../../core/errors.ts';
import {
  ATTACK_TYPES,
  ATTRIBUTIONS,
  IncidentRecord,
  IncidentSchema,
  MergeProposalSchema,
  SummarySchema,
} from '../../incidents/schema.ts';
import { SupportingSourceSchema } from '../../core/provenance.ts';
import { writeRecords } from '../../store/importer.ts';
import { isoDate } from '../../core/schema.ts';
import {
  applyDedupe,
  dedupeProposals,
  extractText,
  nearPoint,
  withinProvince,
  provinceComparison,
  ProvinceComparisonSchema,
  summarise,
} from '../../app/incidents.ts';
import { getIncident, pageIncidents, TOTAL_CAP } from '../../store/incidents.ts';
import { evidenceFor } from '../../store/sources.ts';
import { JobAcceptedSchema } from '../../jobs/schema.ts';
import { acceptJob, ASYNC_THRESHOLDS, prefersAsync } from '../jobs.ts';
import { caseOf } from '../auth.ts';
import {
  CASE,
  COMMON_ERRORS,
  CaseIdParams,
  CaseParams,
  DateRange,
  Paging,
  pageOf,
} from '../schemas.ts';

const IncidentFilter = Paging.extend(DateRange.shape).extend({
  country: z.string().min(1).max(200).optional(),
  admin1: z.string().min(1).max(200).optional(),
  attack_type: z.enum(ATTACK_TYPES).optional(),
  attribution: z.enum(ATTRIBUTIONS).optional(),
  perpetrator: z.string().min(1).max(200).optional(),
  geo_precision: z.coerce
    .number()
    .int()
    .min(1)
    .max(3)
    .optional()
    .describe('1 town, 2 area, 3 region (as ACLED)'),
  source: z.string().min(1).max(500).optional(),
  q: z.string().min(1).max(500).optional(),
  sort: z.enum(['date', '-date']).default('date'),
  cursor: z
    .string()
    .min(1)
    .max(1000)
    .optional()
    .describe("Keyset paging: a page's `next_cursor` (same filters and sort; offset 0)"),
  count: z
    .enum(['true', 'false'])
    .default('false')
    .describe(`Count every match (else \`total\` stops at offset + ${TOTAL_CAP})`),
});

/**
 * The list envelope `{items, total, limit, offset}` and, added: whether `total` is exact
 * (else a lower bound: the count stopped) and the cursor of the next page.
 */
const IncidentPage = pageOf(IncidentRecord).extend({
  total_exact: z.boolean(),
  next_cursor: z.string().nullable(),
});

/** A point and a radius on the sphere, as `incidents near` takes them. */
const NearQuery = z.object({
  lat: z.coerce.number().min(-90).max(90).describe('latitude of the point, degrees'),
  lon: z.coerce.number().min(-180).max(180).describe('longitude of the point, degrees'),
  km: z.coerce.number().gt(0).max(2000).default(25).describe('the distance, km'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** Incidents near a point, nearest first, each with its great-circle distance (km, to the metre). */
const IncidentsNear = z
  .object({ items: z.array(z.object({ km: z.number(), incident: IncidentRecord })) })
  .meta({ id: 'IncidentsNear' });

/** A province as `incidents within` takes it. */
const WithinQuery = z.object({
  province: z
    .string()
    .min(1)
    .max(200)
    .describe('admin-1 code (SY.07) or province name, any spelling of the gazetteer'),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .optional()
    .describe('ISO alpha-2 country, for a name two countries share'),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

/** Incidents within a province's area, newest first, with the province the name resolved to. */
const IncidentsWithin = z
  .object({
    province: z.object({ code: z.string(), country_code: z.string(), name: z.string() }),
    items: z.array(IncidentRecord),
  })
  .meta({ id: 'IncidentsWithin' });

/** Incidents: filtered lists, one with its graded evidence, saving reviewed incidents. */
export async function incidentsRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${CASE}/incidents`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['incidents'],
        summary:
          'Incidents of the case, filtered, by date: keyset pages (`cursor` → `next_cursor`) or offsets; `total` exact when `total_exact`',
        params: CaseParams,
        querystring: IncidentFilter,
        response: { 200: IncidentPage, ...COMMON_ERRORS },
      },
      // A hot read: the page is built from the store's rows, the contract fields only
      // (rowToIncident), so it is written as it is; encoding 50 incidents through the
      // response schema took as long as reading them (the schema still documents it, and
      // src/server/incident-pages.test.ts checks the answer against it).
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (req) => {
      const r = await pageIncidents(req.server.store, caseOf(req), {
        ...req.query,
        count: req.query.count === 'true',
      });
      const { items, total, total_exact, next_cursor } = r;
      return {
        items,
        total,
        limit: req.query.limit,
        offset: req.query.offset,
        total_exact,
        next_cursor,
      };
    },
  );

  app.get(
    `${CASE}/summary`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['incidents'],
        summary:
          'Incident roll-up of the case for a period (exactly `summary --json`), by ACLED event type and actor too',
        params: CaseParams,
        querystring: z.object({
          from: isoDate,
          to: isoDate,
          compare: z.enum(['previous', 'none']).default('previous'),
        }),
        response: { 200: SummarySchema, ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const caseId = caseOf(req);
      const { from, to, compare } = req.query;
      // Memoised per case and period until the next write to the case.
      return req.server.caseCache.get(caseId, `summary:${from}:${to}:${compare}`, () =>
        summarise(req.server.store, { caseId, from, to, compare }),
      );
    },
  );

  app.get(
    `${CASE}/summary/provinces`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['incidents'],
        summary:
          'Attacks per province, this period against the previous one, as the bulletin compares them (`summary --by-province --json`)',
        params: CaseParams,
        querystring: z.object({ from: isoDate, to: isoDate }),
        response: { 200: ProvinceComparisonSchema, ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const caseId = caseOf(req);
      const { from, to } = req.query;
      return req.server.caseCache.get(caseId, `provinces:${from}:${to}`, () =>
        provinceComparison(req.server.store, { caseId, from, to }),
      );
    },
  );

  app.get(
    `${CASE}/incidents/near`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['incidents'],
        summary:
          "Incidents of the case within `km` of a point (a seizure's place), nearest first, each with its distance (`incidents near --json`)",
        params: CaseParams,
        querystring: NearQuery,
        response: { 200: IncidentsNear, ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const { lat, lon, km, limit } = req.query;
      const hits = await nearPoint(req.server.store, { caseId: caseOf(req), lat, lon, km, limit });
      return {
        items: hits.map((h) => ({ km: Math.round(h.km * 1000) / 1000, incident: h.incident })),
      };
    },
  );

  app.get(
    `${CASE}/incidents/within`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['incidents'],
        summary:
          "Incidents of the case whose point lies within a province's area (derived admin-1 areas), newest first (`incidents within --json`)",
        params: CaseParams,
        querystring: WithinQuery,
        response: { 200: IncidentsWithin, ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const { province, country, limit } = req.query;
      return withinProvince(req.server.store, { caseId: caseOf(req), province, country, limit });
    },
  );

  app.post(
    `${CASE}/extract`,
    {
      config: { access: { case: 'viewer' }, audit: 'extract' },
      schema: {
        tags: ['incidents'],
        summary:
          'Bulletin or news text in, incidents out; nothing is stored. Beyond 100 000 characters (or with `Prefer: respond-async`) answers 202 with a job',
        params: CaseParams,
        body: z.object({
          text: z.string().min(1).max(2_000_000),
          doc_date: isoDate.nullable().default(null),
          source: z.string().min(1).max(500).nullable().default(null),
        }),
        response: {
          200: z.object({ incidents: z.array(IncidentRecord) }),
          202: JobAcceptedSchema,
          ...COMMON_ERRORS,
        },
      },
    },
    async (req, reply) => {
      const caseId = caseOf(req);
      if (req.body.text.length > ASYNC_THRESHOLDS.extract_chars || prefersAsync(req))
        return acceptJob(req, reply, {
          kind: 'incidents.extract',
          case_id: caseId,
          input: req.body,
        });
      const incidents = extractText(req.body.text, {
        docDate: req.body.doc_date,
        sourceName: req.body.source,
      });
      return { incidents };
    },
  );

  app.get(
    `${CASE}/incidents/dedupe`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['incidents'],
        summary: 'Proposed merges of incidents reported by several sources, each explained',
        params: CaseParams,
        response: {
          200: z.object({ proposals: z.array(MergeProposalSchema) }),
          ...COMMON_ERRORS,
        },
      },
    },
    async (req) => ({ proposals: await dedupeProposals(req.server.store, caseOf(req)) }),
  );

  app.post(
    `${CASE}/incidents/dedupe/apply`,
    {
      config: { access: { case: 'analyst' }, audit: 'incidents.merge' },
      schema: {
        tags: ['incidents'],
        summary: 'Apply proposed merges by id (from GET …/incidents/dedupe); each can be reverted',
        params: CaseParams,
        body: z.object({ ids: z.array(z.string().min(1).max(200)).max(10_000) }),
        response: {
          200: z.object({ merged: z.number().int(), applied: z.array(z.string()) }),
          ...COMMON_ERRORS,
        },
      },
    },
    async (req) => {
      const { merged } = await applyDedupe(req.server.store, {
        caseId: caseOf(req),
        ids: req.body.ids,
      });
      req.auditDetail = { merge_ids: req.body.ids };
      return { merged, applied: req.body.ids };
    },
  );

  app.get(
    `${CASE}/incidents/:id`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['incidents'],
        summary: 'One incident with the graded sources that support it',
        params: CaseIdParams,
        response: {
          200: IncidentRecord.extend({
            merged_into: z.string().nullable(),
            evidence: z.array(SupportingSourceSchema),
          }),
          ...COMMON_ERRORS,
        },
      },
    },
    async (req) => {
      const caseId = caseOf(req);
      const db = req.server.store.db;
      const incident = await getIncident(db, [caseId], req.params.id);
      if (!incident) throw new ChokepointError('CP_NOT_FOUND', `no incident "${req.params.id}"`);
      const { case_id: _c, ...rest } = incident;
      return { ...rest, evidence: await evidenceFor(db, caseId, req.params.id, 'incident') };
    },
  );

  app.post(
    `${CASE}/incidents`,
    {
      config: { access: { case: 'analyst' }, audit: 'incidents.save' },
      schema: {
        tags: ['incidents'],
        summary: 'Save reviewed incidents (new ones or corrections), with their cited sources',
        params: CaseParams,
        body: z.object({ incidents: z.array(IncidentSchema).min(1).max(10_000) }),
        response: {
          200: z.object({ saved: z.number().int(), ids: z.array(z.string()) }),
          ...COMMON_ERRORS,
        },
      },
    },
    async (req) => {
      const caseId = caseOf(req);
      const incidents = req.body.incidents;
      const ids = incidents.map((i) => i.id);
      if (new Set(ids).size !== ids.length) {
        throw new ChokepointError('CP_DUPLICATE_ID', 'the same incident id twice', {
          field: 'body.incidents',
          expected: 'unique ids',
        });
      }
      // The importer's writer: same sources, evidence and search index as a file import.
      await writeRecords(req.server.store, 'incidents', caseId, incidents);
      req.auditDetail = { ids: ids.slice(0, 100), count: ids.length };
      return { saved: ids.length, ids };
    },
  );
}
