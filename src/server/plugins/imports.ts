import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ChokepointError, toChokepointError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { isoDate } from '../../core/schema.ts';
import { TIMELINE_KINDS, type TimelineKind } from '../../core/timeline.ts';
import { EXPORT_FORMATS, exportKind } from '../../app/exports.ts';
import { scoreAfterImport } from '../../app/orders.ts';
import {
  IMPORT_KINDS,
  columnMapFor,
  getImport,
  importFile,
  listImports,
} from '../../store/importer.ts';
import type { ColumnMapping } from '../../incidents/importers/columns.ts';
import { caseOf } from '../auth.ts';
import {
  CASE,
  COMMON_ERRORS,
  CaseIdParams,
  CaseParams,
  ErrorBody,
  Paging,
  page,
  pageOf,
} from '../schemas.ts';

/** A coded error as a refused import keeps it (ChokepointError.toJSON). */
type CodedErrorJson = z.output<typeof ErrorBody>['error'];

/** An import job as kept while it runs: the ImportJob record and its case. */
export type ImportJob = z.output<typeof JobSchema> & { case_id: string; file: string };

/** Which column of the file filled which field, and how (ColumnMapping of the importers). */
const ColumnMappingSchema = z
  .object({
    fields: z.array(
      z.object({
        field: z.string(),
        column: z.string(),
        via: z.enum(['name', 'alias', 'map']),
      }),
    ),
    unused: z.array(z.string()),
  })
  .meta({ id: 'ColumnMapping' });

/** `map` in the query: `column=field`, one or several (repeat the parameter), as `--map`. */
const MapQuery = z
  .union([z.string().min(3).max(500), z.array(z.string().min(3).max(500)).max(100)])
  .optional()
  .describe('column=field (repeatable): read a column of the file as a field, as `import --map`');

const JobSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    file: z.string().nullable(),
    status: z.enum(['running', 'done', 'refused']),
    done: z.number().int(),
    total: z.number().int(),
    error: ErrorBody.shape.error
      .nullable()
      .describe('the coded error (code, status, message, file, line, field, expected)'),
    started_at: z.string(),
    finished_at: z.string().nullable(),
    mapping: ColumnMappingSchema.nullable()
      .optional()
      .describe(
        'the columns a dataset file (acled, gtd) was read through, once its header is read',
      ),
  })
  .meta({ id: 'ImportJob' });

const CONTENT_TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  ftm: 'application/x-ndjson; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
};

/**
 * Uploads: the file is streamed to a temporary file (never held whole while it arrives,
 * refused past the size limit), then imported in the background, all or nothing, while
 * `GET …/imports/:id` reports progress. Jobs live in memory while the server runs; once
 * finished, the `imports` table keeps their outcome.
 */
export async function importsRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const jobs = new Map<string, ImportJob>();
  const running = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...running]);
  });

  app.post(
    `${CASE}/imports`,
    {
      config: { access: { case: 'analyst' }, audit: 'import' },
      schema: {
        tags: ['imports'],
        summary:
          'Upload a file to import (multipart/form-data, one file); answers 202 with a job id',
        consumes: ['multipart/form-data'],
        params: CaseParams,
        querystring: z.object({ kind: z.string().min(1).max(50), map: MapQuery }),
        response: { 202: z.object({ id: z.string() }), 413: ErrorBody, ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const caseId = caseOf(req);
      const kind = req.query.kind;
      if (!IMPORT_KINDS[kind]) {
        throw new ChokepointError('CP_UNKNOWN_KIND', `cannot import kind "${kind}"`, {
          field: 'kind',
          expected: `one of ${Object.keys(IMPORT_KINDS).join(', ')}`,
        });
      }
      // Checked before the upload is read: a bad map refuses the request, not the job.
      const map = req.query.map === undefined ? undefined : [req.query.map].flat();
      columnMapFor(IMPORT_KINDS[kind]!, map);
      if (!req.isMultipart()) {
        throw new ChokepointError('CP_BAD_UPLOAD', 'send the file as multipart/form-data', {
          field: 'body',
          expected: 'multipart/form-data with one file',
        });
      }
      const part = await req.file();
      if (!part) {
        throw new ChokepointError('CP_BAD_UPLOAD', 'no file in the upload', {
          field: 'file',
          expected: 'one file part',
        });
      }
      const name = basename(part.filename || 'upload');
      const dir = await mkdtemp(join(tmpdir(), 'chokepoint-upload-'));
      const path = join(dir, 'upload');
      try {
        await pipeline(part.file, createWriteStream(path));
      } catch (e) {
        await rm(dir, { recursive: true, force: true });
        throw e;
      }
      if (part.file.truncated) {
        await rm(dir, { recursive: true, force: true });
        throw new ChokepointError('CP_PAYLOAD_TOO_LARGE', `"${name}" is larger than allowed`);
      }
      const job: ImportJob = {
        id: newId('imp'),
        case_id: caseId,
        kind,
        file: name,
        status: 'running',
        done: 0,
        total: 0,
        error: null,
        started_at: new Date().toISOString(),
        finished_at: null,
        mapping: null,
      };
      jobs.set(job.id, job);
      const store = req.server.store;
      const work = (async () => {
        try {
          // Bytes, decoded as a file on disk is (src/core/encoding.ts): UTF-16, Windows-1252.
          const bytes = await readFile(path);
          const r = await importFile(store, kind, name, {
            caseId,
            bytes,
            importId: job.id,
            map,
            onMapping: (m) => {
              job.mapping = m;
            },
            onProgress: (done, total) => {
              job.done = done;
              job.total = total;
            },
          });
          // The red-flag queue holds the new orders' scores at once (src/app/orders.ts).
          await scoreAfterImport(store, caseId, [kind]);
          job.done = job.total = r.rows;
          job.status = 'done';
          app.caseCache.invalidate(caseId);
        } catch (e) {
          job.status = 'refused';
          job.error = toChokepointError(e).toJSON() as CodedErrorJson;
        } finally {
          job.finished_at = new Date().toISOString();
          await rm(dir, { recursive: true, force: true });
          // The outcome is in the `imports` table under the same id; keep memory bounded.
          jobs.delete(job.id);
        }
      })();
      running.add(work);
      void work.finally(() => running.delete(work));
      req.auditDetail = { import_id: job.id, kind, file: name };
      return reply.status(202).send({ id: job.id });
    },
  );

  app.get(
    `${CASE}/imports`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['imports'],
        summary: 'Imports into the case, newest first (running ones first)',
        params: CaseParams,
        querystring: Paging,
        response: { 200: pageOf(JobSchema), ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const caseId = caseOf(req);
      const live = [...jobs.values()].filter((j) => j.case_id === caseId && j.status === 'running');
      const rows = await listImports(req.server.store.db, caseId);
      const all = [...live.map(publicJob), ...rows.map(rowJob)];
      return page(
        all.slice(req.query.offset, req.query.offset + req.query.limit),
        all.length,
        req.query,
      );
    },
  );

  app.get(
    `${CASE}/imports/:id`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['imports'],
        summary: 'Progress and outcome of one import (the coded error when refused)',
        params: CaseIdParams,
        response: { 200: JobSchema, ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const caseId = caseOf(req);
      const job = jobs.get(req.params.id);
      if (job && job.case_id === caseId) return publicJob(job);
      const row = await getImport(req.server.store.db, caseId, req.params.id);
      if (!row) throw new ChokepointError('CP_NOT_FOUND', `no import "${req.params.id}"`);
      return rowJob(row);
    },
  );

  app.get(
    `${CASE}/export/:kind`,
    {
      config: { access: { case: 'viewer' }, audit: 'export' },
      schema: {
        tags: ['imports'],
        summary: 'Export one kind of record of the case (audited)',
        params: CaseParams.extend({
          kind: z.enum(Object.keys(EXPORT_FORMATS) as [string, ...string[]]),
        }),
        querystring: z.object({
          format: z.string().min(1).max(20).optional(),
          from: isoDate
            .optional()
            .describe('records dated from this day (incidents, orders, timeline)'),
          to: isoDate
            .optional()
            .describe('records dated up to this day (incidents, orders, timeline)'),
          ids: z
            .string()
            .max(100_000)
            .optional()
            .describe(
              'only these records, ids joined by commas (incidents, orders, seizures, ftm)',
            ),
          kinds: z
            .string()
            .regex(
              new RegExp(`^(${TIMELINE_KINDS.join('|')})(,(${TIMELINE_KINDS.join('|')}))*$`),
              `timeline kinds joined by commas, of ${TIMELINE_KINDS.join(', ')}`,
            )
            .optional(),
        }),
        response: { 200: z.string(), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const { kind } = req.params;
      const format = req.query.format ?? EXPORT_FORMATS[kind]![0]!;
      const { from, to, ids, kinds } = req.query;
      const body = await exportKind(req.server.store, kind, {
        caseIds: [caseOf(req)],
        format,
        // The page's filters, so that the file holds what the analyst is looking at.
        filters: {
          from,
          to,
          ids: ids ? ids.split(',').filter(Boolean) : undefined,
          kinds: kinds?.split(',') as TimelineKind[] | undefined,
        },
      });
      req.auditDetail = { kind, format, bytes: Buffer.byteLength(body) };
      return reply
        .header('content-type', CONTENT_TYPES[format] ?? 'text/plain; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="${kind}.${format === 'ftm' ? 'ftm.jsonl' : format}"`,
        )
        .send(body);
    },
  );
}

function publicJob(j: ImportJob) {
  const { case_id: _c, ...rest } = j;
  return rest;
}

function rowJob(r: {
  id: string;
  kind: string;
  file: string | null;
  rows: number;
  started_at: string;
  finished_at: string | null;
  status: string;
  error: string | null;
  mapping: string | null;
}) {
  return {
    id: r.id,
    kind: r.kind,
    file: r.file,
    status: (r.status === 'done' ? 'done' : 'refused') as 'done' | 'refused',
    done: r.rows,
    total: r.rows,
    error: r.error ? (JSON.parse(r.error) as CodedErrorJson) : null,
    started_at: r.started_at,
    finished_at: r.finished_at,
    mapping: r.mapping ? (JSON.parse(r.mapping) as ColumnMapping) : null,
  };
}
