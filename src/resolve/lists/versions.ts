import { createHash } from 'node:crypto';
import type { FtmEntity } from '../../network/ftm.ts';

/**
 * What a re-import of a list changed: each entry's fingerprint (a hash of its schema and
 * properties, order-free) compared with the one stored for the same id. An entry whose
 * fingerprint differs changed; one only in the new file was added; one only in the old
 * list was removed.
 */

/** The fingerprint of an entry: the same for the same facts in any order. */
export function entryFingerprint(e: Pick<FtmEntity, 'schema' | 'properties'>): string {
  const keys = Object.keys(e.properties).sort();
  const canonical = keys.map((k) => [
    k,
    [...(e.properties[k] ?? [])].map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).sort(),
  ]);
  return createHash('sha256')
    .update(JSON.stringify([e.schema, canonical]))
    .digest('hex')
    .slice(0, 24);
}

export interface EntryDiff {
  added: string[];
  changed: string[];
  removed: string[];
}

/** Ids added, changed and removed going from `before` to `after` (id → fingerprint), sorted. */
export function diffEntries(before: Map<string, string>, after: Map<string, string>): EntryDiff {
  const added: string[] = [];
  const changed: string[] = [];
  const removed: string[] = [];
  for (const [id, fp] of after) {
    const old = before.get(id);
    if (old === undefined) added.push(id);
    else if (old !== fp) changed.push(id);
  }
  for (const id of before.keys()) if (!after.has(id)) removed.push(id);
  return { added: added.sort(), changed: changed.sort(), removed: removed.sort() };
}
