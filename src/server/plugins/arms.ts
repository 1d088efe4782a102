import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { armsComposition, armsLinks, seizureDetail, serialSearch } from '../../app/arms.ts';
import { COMPOSITION_DIMENSIONS } from '../../arms/composition.ts';
import { LINK_KINDS } from '../../arms/links.ts';
import {
  CompositionSchema,
  ITEM_CATEGORIES,
  LinkReportSchema,
  SeizureItemRecord,
  SeizureRecord,
  SerialHitSchema,
} from '../../arms/schema.ts';
import { SupportingSourceSchema } from '../../core/provenance.ts';
import { pageSeizures } from '../../store/arms.ts';
import { caseOf } from '../auth.ts';
import { CASE, COMMON_ERRORS, CaseIdParams, CaseParams, Paging, pageOf } from '../schemas.ts';

const Category = z.enum(['all', ...ITEM_CATEGORIES]).default('weapon');

/** Seizures item by item, serial search, composition against the baseline, cross-seizure links. */
export async function armsRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${CASE}/seizures`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['arms'],
        summary: 'Seizures of the case with their item counts',
        params: CaseParams,
        querystring: Paging,
        response: {
          200: pageOf(
            SeizureRecord.extend({ items: z.number().int().describe('how many items it holds') }),
          ),
          ...COMMON_ERRORS,
        },
      },
    },
    async (req) => {
      const r = await pageSeizures(req.server.store.db, caseOf(req), req.query);
      return { ...r, limit: req.query.limit, offset: req.query.offset };
    },
  );

  app.get(
    `${CASE}/seizures/:id`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['arms'],
        summary: 'One seizure: its items, its composition against the baseline, its evidence',
        params: CaseIdParams,
        querystring: z.object({
          by: z.enum(COMPOSITION_DIMENSIONS).default('model'),
          category: Category,
        }),
        response: {
          200: SeizureRecord.extend({
            items: z.array(SeizureItemRecord),
            composition: CompositionSchema.describe('`arms composition --json` for this seizure'),
            evidence: z.array(SupportingSourceSchema),
          }),
          ...COMMON_ERRORS,
        },
      },
    },
    async (req) =>
      seizureDetail(req.server.store, {
        caseId: caseOf(req),
        seizureId: req.params.id,
        by: req.query.by,
        category: req.query.category,
      }),
  );

  app.get(
    `${CASE}/items`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['arms'],
        summary:
          'Items whose serial number (or lot) matches a glob: `*` any run, `?` one character',
        params: CaseParams,
        querystring: z.object({
          serial: z.string().min(1).max(200),
          lots: z.enum(['true', 'false']).default('false'),
          limit: z.coerce.number().int().min(1).max(5000).default(100),
        }),
        response: {
          200: z.object({ items: z.array(SerialHitSchema), total: z.number().int() }),
          ...COMMON_ERRORS,
        },
      },
    },
    async (req) => {
      const hits = await serialSearch(req.server.store, {
        caseId: caseOf(req),
        pattern: req.query.serial,
        lots: req.query.lots === 'true',
      });
      return { items: hits.slice(0, req.query.limit), total: hits.length };
    },
  );

  app.get(
    `${CASE}/arms/composition`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['arms'],
        summary:
          'Composition per seizure and overall against the baseline (`arms composition --json`)',
        params: CaseParams,
        querystring: z.object({
          by: z.enum(COMPOSITION_DIMENSIONS).default('model'),
          within_type: z.string().min(1).max(100).optional(),
          category: Category,
          seizure: z.string().min(1).max(200).optional(),
        }),
        response: { 200: CompositionSchema, ...COMMON_ERRORS },
      },
    },
    async (req) =>
      armsComposition(req.server.store, {
        caseId: caseOf(req),
        by: req.query.by,
        withinType: req.query.within_type ?? null,
        category: req.query.category,
        seizureId: req.query.seizure ?? null,
      }),
  );

  app.get(
    `${CASE}/arms/links`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['arms'],
        summary: 'Cross-seizure links with their evidence, and clusters (`arms links --json`)',
        params: CaseParams,
        querystring: z.object({
          kind: z.enum(LINK_KINDS).optional(),
          max_gap: z.coerce.number().int().min(0).max(100_000).default(25),
          min_strength: z.coerce.number().min(0).max(1).default(0.5),
        }),
        response: { 200: LinkReportSchema, ...COMMON_ERRORS },
      },
    },
    async (req) =>
      armsLinks(req.server.store, {
        caseId: caseOf(req),
        kind: req.query.kind,
        maxGap: req.query.max_gap,
        minStrength: req.query.min_strength,
      }),
  );
}
