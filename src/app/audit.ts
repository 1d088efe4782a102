/**
 * The audit rows of work done outside the API: the CLI's imports, exports, reports,
 * backups and restores are recorded like the API's, with the operating-system user who
 * ran them in place of a signed-in user (`user_id` null, `detail.os_user`).
 */
import { hostname, userInfo } from 'node:os';
import { appendAudit } from '../store/audit.ts';
import type { Store } from '../store/connect.ts';

/** Who runs this process: the OS user name (or $USER when the account has no entry). */
export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? `uid:${process.getuid?.() ?? '?'}`;
  }
}

export interface CliAction {
  /** The API's action name for the same work: import, export, export.report, … */
  action: string;
  caseId?: string | null;
  /** The file read or written, or what the action was about. */
  target?: string | null;
  detail?: Record<string, unknown>;
}

export async function recordCliAction(store: Store, a: CliAction): Promise<void> {
  await appendAudit(store.db, {
    user_id: null,
    case_id: a.caseId ?? null,
    action: a.action,
    target: a.target ?? null,
    ip: null,
    detail: { ...(a.detail ?? {}), via: 'cli', os_user: osUser(), host: hostname() },
  });
}
