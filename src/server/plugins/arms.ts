import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { COMPOSITION_DIMENSIONS, composition } from '../../arms/composition.ts';
import { LINK_KINDS, findLinks } from '../../arms/links.ts';
import { createNormaliser } from '../../arms/normalise.ts';
import {
  CompositionSchema,
  ITEM_CATEGORIES,
  LinkReportSchema,
  SeizureItemRecord,
  SeizureRecord,
  SerialHitSchema,
} from '../../arms/schema.ts';
import { SupportingSourceSchema } from '../../core/provenance.ts';
import { searchSerials } from '../../arms/search.ts';
import { ChokepointError } from '../../core/errors.ts';
import type { Store } from '../../store/connect.ts';
import {
  getSeizure,
  listAliases,
  listBaseline,
  listItems,
  pageSeizures,
} from '../../store/arms.ts';
import { evidenceFor } from '../../store/sources.ts';
import { caseOf } from '../auth.ts';
import { CASE, COMMON_ERRORS, CaseIdParams, CaseParams, Paging, pageOf } from '../schemas.ts';

const Category = z.enum(['all', ...ITEM_CATEGORIES]).default('weapon');

async function armsData(store: Store, caseId: string) {
  const [items, baseline, aliases] = await Promise.all([
    listItems(store.db, [caseId]),
    listBaseline(store.db, [caseId]),
    listAliases(store.db),
  ]);
  return { items, baseline, normaliser: createNormaliser(aliases) };
}

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
    async (req) => {
      const caseId = caseOf(req);
      const db = req.server.store.db;
      const seizure = await getSeizure(db, caseId, req.params.id);
      if (!seizure) throw new ChokepointError('CP_NOT_FOUND', `no seizure "${req.params.id}"`);
      const { items, baseline, normaliser } = await armsData(req.server.store, caseId);
      const own = items.filter((i) => i.seizure_id === seizure.id);
      const comp = composition(items, baseline, {
        by: req.query.by,
        category: req.query.category,
        seizureId: seizure.id,
        normaliser,
      });
      return {
        ...seizure,
        items: own,
        composition: comp,
        evidence: await evidenceFor(db, caseId, seizure.id, 'seizure'),
      };
    },
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
      const items = await listItems(req.server.store.db, [caseOf(req)]);
      const hits = searchSerials(items, req.query.serial, { lots: req.query.lots === 'true' });
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
    async (req) => {
      const { items, baseline, normaliser } = await armsData(req.server.store, caseOf(req));
      if (req.query.seizure && !items.some((i) => i.seizure_id === req.query.seizure)) {
        throw new ChokepointError('CP_NOT_FOUND', `no seizure "${req.query.seizure}"`, {
          field: 'seizure',
        });
      }
      return composition(items, baseline, {
        by: req.query.by,
        withinType: req.query.within_type ?? null,
        category: req.query.category,
        seizureId: req.query.seizure ?? null,
        normaliser,
      });
    },
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
    async (req) => {
      const { items, normaliser } = await armsData(req.server.store, caseOf(req));
      const report = findLinks(items, {
        normaliser,
        maxGap: req.query.max_gap,
        minClusterStrength: req.query.min_strength,
      });
      const links = req.query.kind
        ? report.links.filter((l) => l.kind === req.query.kind)
        : report.links;
      return { ...report, links };
    },
  );
}
