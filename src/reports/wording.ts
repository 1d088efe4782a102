import type { AttackType, Incident } from '../incidents/schema.ts';

/**
 * The words of a bulletin line, from the record's fields alone: nothing is said that the
 * record does not hold, and a count the record lacks is "not reported", never 0.
 */

export const ATTACK_TYPE_LABEL: Record<AttackType, string> = {
  ied: 'IED',
  armed_assault: 'Armed assault',
  targeted_killing: 'Targeted killing',
  sniper: 'Sniper fire',
  suicide_bombing: 'Suicide bombing',
  vehicle_bomb: 'Vehicle bomb',
  rocket_mortar: 'Rocket or mortar fire',
  ambush: 'Ambush',
  kidnapping: 'Kidnapping',
  arson_sabotage: 'Arson or sabotage',
  arrest_raid: 'Arrest raid',
  airstrike: 'Airstrike',
  other: 'Other',
};

export function attackTypeLabel(t: string | null | undefined): string {
  if (!t) return 'Type not reported';
  return ATTACK_TYPE_LABEL[t as AttackType] ?? t;
}

const DIR_WORD: Record<string, string> = {
  N: 'north',
  NE: 'north-east',
  E: 'east',
  SE: 'south-east',
  S: 'south',
  SW: 'south-west',
  W: 'west',
  NW: 'north-west',
};

/**
 * Attribution as a bulletin words it: a claim is stated, a suspicion is hedged and says
 * no claim was made, and with neither the perpetrator is unknown.
 */
export function attributionText(i: Pick<Incident, 'attribution' | 'perpetrator'>): string {
  const who = i.perpetrator?.trim();
  switch (i.attribution) {
    case 'claimed':
      return `${who || 'An armed group'} claimed responsibility`;
    case 'suspected':
      return who
        ? `No group has claimed responsibility; probably ${who}`
        : 'No group has claimed responsibility';
    default:
      return 'Perpetrator unknown';
  }
}

/**
 * "2 killed, 3 wounded", "5 killed or wounded", "1 killed; wounded not reported",
 * "casualties not reported". `casualties_total` is the "killed or wounded" count a source
 * gives when it does not split them; it is stated as such, never split or added twice.
 */
export function casualtiesText(
  i: Pick<Incident, 'killed' | 'wounded' | 'casualties_total'>,
): string {
  const { killed, wounded, casualties_total: total } = i;
  if (killed === null && wounded === null && total === null) return 'casualties not reported';
  const parts: string[] = [];
  if (killed !== null || wounded !== null) {
    parts.push(killed === null ? 'killed not reported' : `${killed} killed`);
    parts.push(wounded === null ? 'wounded not reported' : `${wounded} wounded`);
  }
  if (total !== null) parts.push(`${total} killed or wounded`);
  if (killed === 0 && wounded === 0 && total === null) return 'no casualties';
  return parts.join(
    parts.length > 1 && parts.some((p) => p.includes('not reported')) ? '; ' : ', ',
  );
}

/** "about 10 km north of Al-Mayadeen", else the place, else the province. */
export function placeText(
  i: Pick<Incident, 'place' | 'anchor_place' | 'offset_km' | 'offset_dir' | 'admin2' | 'admin1'>,
): string {
  if (i.anchor_place && i.offset_km !== null) {
    const dir = i.offset_dir ? ` ${DIR_WORD[i.offset_dir] ?? i.offset_dir}` : '';
    const km = Number.isInteger(i.offset_km) ? String(i.offset_km) : i.offset_km.toFixed(1);
    return `about ${km} km${dir} of ${i.anchor_place}`;
  }
  return i.place ?? i.admin2 ?? i.admin1 ?? 'place not reported';
}

/** What happened: the record's own text, else its type and target. */
export function whatText(i: Pick<Incident, 'text' | 'attack_type' | 'target'>): string {
  const text = i.text?.trim();
  if (text) return text;
  const type = i.attack_type ? attackTypeLabel(i.attack_type) : 'Incident';
  return i.target ? `${type} against ${i.target}` : type;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "7 Jan 2021"; a date known only to the week or month says so. */
export function dateText(date: string | null, precision?: string): string {
  if (!date) return 'date not reported';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const [, y, mo, d] = m;
  const month = MONTHS[Number(mo) - 1];
  if (precision === 'month') return `${month} ${y}`;
  if (precision === 'year') return y!;
  const day = `${Number(d)} ${month} ${y}`;
  return precision === 'week' ? `week of ${day}` : day;
}
