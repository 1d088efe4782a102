import { ChokepointError } from '../core/errors.ts';
import type { JobHandler } from './types.ts';

/**
 * Every kind of job and where its handler lives, imported only when a job of that kind
 * runs (a worker thread loads one handler, not all). To add a kind: one line here, and a
 * module whose `handler` export is a JobHandler (src/jobs/types.ts).
 */
type Loader = () => Promise<{ handler: JobHandler<never, unknown> }>;

export const JOB_KINDS = {
  'imports.upload': () => import('./handlers/imports.ts'),
  'names.match': () => import('./handlers/match.ts'),
  'names.screen': () => import('./handlers/screen.ts'),
  'incidents.extract': () => import('./handlers/extract.ts'),
  'reports.pdf': () => import('./handlers/report-pdf.ts'),
  'flags.score': () => import('./handlers/flags-score.ts'),
  'flags.calibrate': () => import('./handlers/flags-calibrate.ts'),
  // Test-only kinds (sleep, allocate, fail): used to hold the limits and cancellation.
  'test.probe': () => import('./handlers/probe.ts'),
  'documents.ingest': () => import('../app/documents.ts'),
  'documents.mentions': () => import('./handlers/documents-mentions.ts'),
  'lists.rescreen': () => import('./handlers/lists-rescreen.ts'),
} satisfies Record<string, Loader>;

export type JobKind = keyof typeof JOB_KINDS;

export function isJobKind(kind: string): kind is JobKind {
  return Object.hasOwn(JOB_KINDS, kind);
}

/** The handler of a kind, loaded on first use. */
export async function loadHandler(kind: string): Promise<JobHandler<unknown, unknown>> {
  if (!isJobKind(kind))
    throw new ChokepointError('CP_UNKNOWN_KIND', `no job kind "${kind}"`, {
      field: 'kind',
      expected: `one of ${Object.keys(JOB_KINDS).join(', ')}`,
    });
  const mod = await (JOB_KINDS[kind] as Loader)();
  return mod.handler as JobHandler<unknown, unknown>;
}
