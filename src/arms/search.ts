import type { SeizureItem, SerialHit } from './schema.ts';
import { serialGlob } from './normalise.ts';

/**
 * Partial-serial search over everything documented: `AK47*12` (`*` any run, `?` one
 * character) is matched against the compact form of every serial number, and of every
 * lot when `lots` is set, so spaces, dashes and case never hide a hit.
 */
export type { SerialHit } from './schema.ts';

export function searchSerials(
  items: SeizureItem[],
  pattern: string,
  opts: { lots?: boolean } = {},
): SerialHit[] {
  const re = serialGlob(pattern);
  const compact = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const hits: SerialHit[] = [];
  for (const it of items) {
    let matched: SerialHit['matched'] | null = null;
    if (it.serial_number && re.test(compact(it.serial_number))) matched = 'serial_number';
    else if (opts.lots && it.lot && re.test(compact(it.lot))) matched = 'lot';
    if (!matched) continue;
    hits.push({
      item_id: it.item_id,
      seizure_id: it.seizure_id,
      seizure_date: it.seizure_date,
      seizure_place: it.seizure_place,
      category: it.category,
      type: it.type,
      model: it.model,
      manufacturer: it.manufacturer,
      serial_number: it.serial_number,
      lot: it.lot,
      parent_item_id: it.parent_item_id,
      matched,
    });
  }
  return hits;
}
