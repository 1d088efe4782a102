import { createHash, randomBytes } from 'node:crypto';

/** A new random id with a readable prefix, e.g. `src_5f2c9a1e7b3d`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(8).toString('hex')}`;
}

/**
 * A stable id from content: the same input always gives the same id, so re-importing a
 * file that carries no ids of its own updates records instead of duplicating them.
 */
export function stableId(prefix: string, ...parts: unknown[]): string {
  const h = createHash('sha1');
  for (const p of parts) h.update(`${p === undefined || p === null ? '' : String(p)}\u0000`);
  return `${prefix}_${h.digest('hex').slice(0, 16)}`;
}

export const DEFAULT_CASE_ID = 'default';
