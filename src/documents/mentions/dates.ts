import * as chrono from 'chrono-node/en';
import { isoDateOf } from '../../core/date.ts';
import type { ExtractOptions, FoundMention } from './types.ts';

/**
 * Calendar dates through chrono-node's day-first (British) parser, since trade paperwork
 * from Turkey, the Gulf and Europe writes 02/06/2015 for 2 June. Only results naming a day
 * count ("June" or "last week" is not a date of a document); a date without its year takes
 * the reference date's year. Normalised YYYY-MM-DD.
 */
export function findDates(text: string, opts: ExtractOptions = {}): FoundMention[] {
  const ref = opts.refDate ? new Date(`${opts.refDate}T12:00:00Z`) : undefined;
  const out: FoundMention[] = [];
  for (const r of chrono.GB.parse(text, ref ?? new Date(), { forwardDate: false })) {
    // Relative phrases ("last week", "tomorrow") are about the writer's day, not a date the paper names.
    if (!r.start.isCertain('day') || !r.start.isCertain('month') || !/\d/.test(r.text)) continue;
    // chrono also reads bare times and weekdays as dates; a document date names its year or day-month.
    if (!r.start.isCertain('year') && !ref) continue;
    const iso = isoDateOf(r.start.get('year')!, r.start.get('month')!, r.start.get('day')!);
    if (!iso) continue;
    const raw = r.text.replace(/[\s,.]+$/, '');
    out.push({
      kind: 'date',
      text: raw,
      normalized: iso,
      start: r.index,
      end: r.index + raw.length,
    });
  }
  return out;
}
