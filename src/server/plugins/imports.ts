import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ChokepointError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { isoDate } from '../../core/schema.ts';
import { TIMELINE_KINDS, type TimelineKind } from '../../core/timeline.ts';
import { EXPORT_FORMATS, exportKind } from '../../app/exports.ts';
import { IMPORT_KINDS, columnMapFor, getImport, listImports } from '../../store/importer.ts';
import type { ColumnMapping } from '../../incidents/importers/columns.ts';
import { caseOf, userOf } from '../auth.ts';
import { hostname } from 'node:os';
import type { Job } from '../../jobs/schema.ts';
import { submitJob } from '../../jobs/submit.ts';
import type { Store } from '../../store/connect.ts';
import { getJob, getJobInput, listJobs } from '../../store/jobs.ts';
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
        response: {
          202: z.object({
            id: z.string().describe('the import, as GET …/imports/:id follows it'),
            job_id: z.string(),
            status_url: z.string(),
          }),
          413: ErrorBody,
          ...COMMON_ERRORS,
        },
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
      // The import runs as a job (src/jobs/handlers/imports.ts) in a worker thread of this
      // host (the file is on its disk), never on the event loop; its id is the import's.
      const importId = newId('imp');
      req.auditDetail = { import_id: importId, kind, file: name };
      const accepted = await submitJob(req.server.store, {
        id: importId,
        kind: 'imports.upload',
        case_id: caseId,
        input: { case_id: caseId, kind, name, path, import_id: importId, map },
        created_by: userOf(req).id,
        limits: req.server.jobLimits,
        runs_on: hostname(),
      }).catch(async (e: unknown) => {
        await rm(dir, { recursive: true, force: true });
        throw e;
      });
      req.server.jobPool.kick();
      const status_url = `/api/jobs/${accepted.id}`;
      return reply
        .status(202)
        .header('location', status_url)
        .send({ id: importId, job_id: accepted.id, status_url });
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
      const live = await liveImports(req.server.store, caseId);
      const rows = await listImports(req.server.store.db, caseId);
      const all = [...live, ...rows.map(rowJob)];
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
      const row = await getImport(req.server.store.db, caseId, req.params.id);
      if (row) return rowJob(row);
      // Not logged yet: queued or running (or a job that ended without reaching the log).
      const job = await getJob(req.server.store, req.params.id);
      if (!job || job.case_id !== caseId || job.kind !== 'imports.upload')
        throw new ChokepointError('CP_NOT_FOUND', `no import "${req.params.id}"`);
      return importOfJob(job, (await getJobInput(req.server.store, job.id)) as ImportInput);
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

type ImportInput = { kind: string; name: string };

/** An import not yet in the log, from its job: running while queued or running. */
function importOfJob(j: Job, input: ImportInput | undefined) {
  const ended = j.state !== 'queued' && j.state !== 'running';
  return {
    id: j.id,
    kind: input?.kind ?? 'unknown',
    file: input?.name ?? null,
    status: (ended ? (j.state === 'succeeded' ? 'done' : 'refused') : 'running') as
      'running' | 'done' | 'refused',
    done: j.progress.done,
    total: j.progress.total,
    error: j.error as CodedErrorJson | null,
    started_at: j.started_at ?? j.created_at,
    finished_at: j.finished_at,
    mapping: null,
  };
}

/** The case's uploads queued or running, from the jobs table. */
async function liveImports(store: Store, caseId: string) {
  const jobs = await listJobs(store, { caseIds: [caseId], states: ['queued', 'running'] });
  const out = [];
  for (const j of jobs.filter((x) => x.kind === 'imports.upload' && x.case_id === caseId))
    out.push(importOfJob(j, (await getJobInput(store, j.id)) as ImportInput));
  return out;
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
