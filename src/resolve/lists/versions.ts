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

/** One entry's change in a version, with its fingerprints before and after. */
export interface VersionChange {
  entity_id: string;
  change: 'added' | 'changed' | 'removed';
  caption: string;
  before: string | null;
  after: string | null;
}

/**
 * A version's changes once OFAC's alt.csv / add.csv have added to its entries (they come as
 * files of their own after sdn.csv): an entry they change becomes 'changed' (an added one
 * stays added), and one they bring back to what it was before the version is no change.
 * `amended` holds the entries whose fingerprint the extras changed (`was` → `now`).
 */
export function amendVersion(
  changes: VersionChange[],
  amended: { id: string; caption: string; was: string | null; now: string }[],
): VersionChange[] {
  const byId = new Map(changes.map((c) => [c.entity_id, { ...c }]));
  for (const a of amended) {
    const row = byId.get(a.id);
    if (!row)
      byId.set(a.id, {
        entity_id: a.id,
        change: 'changed',
        caption: a.caption,
        before: a.was,
        after: a.now,
      });
    else if (row.change === 'changed' && row.before === a.now) byId.delete(a.id);
    else row.after = a.now;
  }
  return [...byId.values()].sort((x, y) => (x.entity_id < y.entity_id ? -1 : 1));
}
