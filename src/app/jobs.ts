/**
 * Jobs as a user sees them (`GET /api/jobs`, the web app's panel) and as the operator does
 * (`chokepoint jobs`): one's own jobs, and the jobs of the cases one administers; a job
 * in a case one no longer belongs to is not found, as the case's records are not.
 */
import { roleAtLeast, type CaseRole, type User } from '../access/schema.ts';
import { ChokepointError } from '../core/errors.ts';
import type { Job, JobState } from '../jobs/schema.ts';
import type { Store } from '../store/connect.ts';
import { getJob, getJobResult, listJobs, requestCancel } from '../store/jobs.ts';
import { membershipsOf } from '../store/users.ts';

async function rolesOf(store: Store, user: User) {
  return new Map((await membershipsOf(store.db, user.id)).map((m) => [m.id, m.role]));
}

function mayRead(job: Job, user: User, roles: Map<string, CaseRole>): boolean {
  const role = job.case_id === null ? undefined : roles.get(job.case_id);
  if (job.case_id !== null && !role) return false;
  if (job.created_by === user.id) return true;
  return role !== undefined && roleAtLeast(role, 'admin');
}

/** The caller's jobs and those of the cases they administer, newest first. */
export async function visibleJobs(
  store: Store,
  user: User,
  f: { caseId?: string; states?: JobState[]; limit?: number } = {},
): Promise<Job[]> {
  const roles = await rolesOf(store, user);
  const admin = [...roles].filter(([, r]) => roleAtLeast(r, 'admin')).map(([c]) => c);
  const caseIds = f.caseId ? [f.caseId] : [...roles.keys()];
  const mine = await listJobs(store, {
    createdBy: user.id,
    caseIds,
    states: f.states,
    limit: f.limit,
  });
  const theirs = admin.length
    ? await listJobs(store, {
        caseIds: admin.filter((c) => !f.caseId || c === f.caseId),
        states: f.states,
        limit: f.limit,
      })
    : [];
  const byId = new Map(
    [...mine, ...theirs].filter((j) => mayRead(j, user, roles)).map((j) => [j.id, j]),
  );
  return [...byId.values()]
    .sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0))
    .slice(0, f.limit ?? 100);
}

/** One job the caller may see; CP_NOT_FOUND otherwise (as for a case one is not in). */
export async function visibleJob(store: Store, user: User, id: string): Promise<Job> {
  const job = await getJob(store, id);
  if (!job || !mayRead(job, user, await rolesOf(store, user)))
    throw new ChokepointError('CP_NOT_FOUND', `no job "${id}"`, { field: 'id' });
  return job;
}

/** Asks a visible job to stop (see requestCancel); answers it as it then is. */
export async function cancelJob(store: Store, user: User, id: string): Promise<Job> {
  await visibleJob(store, user, id);
  await requestCancel(store, id);
  return (await getJob(store, id))!;
}

/**
 * A visible job's result as stored, JSON text (sent as it is: parsing a large answer would
 * hold the event loop); CP_JOB_NOT_DONE before it succeeded.
 */
export async function jobResult(store: Store, user: User, id: string): Promise<string> {
  const job = await visibleJob(store, user, id);
  const text = await getJobResult(store, id);
  if (text === undefined)
    throw new ChokepointError('CP_JOB_NOT_DONE', `job "${id}" is ${job.state}: no result`, {
      expected: 'a job that succeeded',
    });
  return text;
}
