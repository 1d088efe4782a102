/**
 * Flags in words: each code's name, and a sentence built from the evidence the indicator
 * kept (src/flags/indicators.ts), so that the CLI, the API, the web app and the dossiers say
 * the same thing. Stored scores of older rules may lack a field or carry a code no longer
 * shipped: the sentence then says less, never fails.
 */
import { FLAG_CODES, type FlagCode } from './rules.ts';

/** A flag as the store keeps it: its code, its points and its evidence (any shape). */
export interface FlagLike {
  code: string;
  weight: number;
  evidence: unknown;
}

/** A flag with its name and its evidence in a sentence. */
export type ExplainedFlag<F extends FlagLike = FlagLike> = F & {
  name: string;
  explanation: string;
};

export const FLAG_NAMES: Record<FlagCode, string> = {
  SANCTIONED_PARTY: 'Party on a sanctions or terrorism list',
  NEW_CUSTOMER: 'New customer',
  CUSTOMER_HISTORY_UNKNOWN: 'Customer history unknown',
  SENSITIVE_REGION: 'Customer in a sensitive region',
  NEW_CUSTOMER_IN_SENSITIVE_REGION: 'New customer in a sensitive region',
  SHIP_TO_SENSITIVE_REGION: 'Shipped to a sensitive region',
  GOODS_INCONGRUENT: 'Goods foreign to the buyer’s business',
  QUANTITY_DISPROPORTIONATE: 'Disproportionate quantity',
  THIRD_PARTY_PAYER: 'Paid by a third party',
  CONCEALED_PAYMENT: 'Payment method that hides the payer',
  PAYER_IS_MONEY_TRANSFER_OPERATOR: 'Payer is a money transfer operator',
  PAYER_FOR_SEVERAL_BUYERS: 'One payer for several buyers',
  ROUTE_THROUGH_CROSSING: 'Route through a border crossing',
  ROUTE_DETOUR: 'Unconventional route (detour)',
  CONSIGNEE_FORWARDER: 'Consigned to a freight forwarder',
  CONSIGNEE_UNRELATED: 'Consigned to an unrelated party',
  CONTROLLED_PRECURSOR: 'Controlled explosives precursor',
  EXPLOSIVE_ARTICLE: 'Explosive article',
  UAV_COMPONENT: 'UAV component',
  DUAL_USE_ELECTRONICS: 'Dual-use electronics',
  SHARED_CONTACT_WITH_FLAGGED: 'Shares a contact with a flagged party',
};

const PAYMENT_WORDS: Record<string, string> = {
  cash: 'cash',
  money_transfer: 'a money transfer',
  hawala: 'hawala',
  crypto: 'cryptocurrency',
  prepaid: 'a prepaid card',
  card: 'card',
  bank_transfer: 'bank transfer',
  letter_of_credit: 'letter of credit',
  other: 'an unusual method',
};

const ROLE_WORDS: Record<string, string> = {
  buyer: 'the buyer',
  payer: 'the payer',
  consignee: 'the consignee',
  seller: 'the seller',
};

type Ev = Record<string, unknown>;

function str(ev: Ev, key: string): string | null {
  const v = ev[key];
  if (v === null || v === undefined || v === '') return null;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

function num(ev: Ev, key: string): number | null {
  const v = ev[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function amount(n: number, digits = 1): string {
  return n.toLocaleString('en-GB', { maximumFractionDigits: digits });
}

/** The town of a region's evidence: the place found (without its country code), else the value. */
function townOf(ev: Ev): string | null {
  const place = str(ev, 'place');
  return place ? place.replace(/, [A-Z]{2}$/, '') : str(ev, 'value');
}

/** "in Akçakale, 1.1 km from the Akçakale / Tal Abyad crossing", or "inside the listed area X". */
function whereOf(ev: Ev): string {
  const town = townOf(ev);
  const area = str(ev, 'area');
  const crossing = str(ev, 'nearest_crossing') ?? str(ev, 'crossing');
  const km = num(ev, 'distance_km');
  const at = town ? `in ${town}` : 'in a place';
  if (area) return `${at}, inside the listed area ${area}`;
  if (crossing && km !== null) return `${at}, ${amount(km)} km from the ${crossing} crossing`;
  if (crossing) return `${at}, near the ${crossing} crossing`;
  return at;
}

function newCustomerWords(ev: Ev): string {
  const days = num(ev, 'days_before_order');
  const first = str(ev, 'value');
  if (days !== null)
    return `a new customer, first seen ${amount(days, 0)} day${days === 1 ? '' : 's'} before the order`;
  return first ? `a new customer, first seen on ${first}` : 'a new customer';
}

function controlledWords(ev: Ev, what: string): string {
  const goods = str(ev, 'goods') ?? 'the goods';
  const hs = str(ev, 'hs_code');
  const list = str(ev, 'list');
  const entry = str(ev, 'entry');
  const by = Array.isArray(ev.matched_by) ? (ev.matched_by as unknown[]).map(String) : [];
  const how =
    by.includes('hs_code') && by.includes('goods')
      ? 'by HS code and by description'
      : by.includes('hs_code')
        ? 'by HS code'
        : 'by description';
  return `${goods}${hs ? ` (HS ${hs})` : ''} ${list ? `is listed as ${what} in ${list}` : `is ${what}`}${entry ? `: “${entry}”` : ''}, matched ${how}`;
}

type Sentence = (ev: Ev, siblings: Map<string, Ev>) => string;

const SENTENCES: Record<FlagCode, Sentence> = {
  SANCTIONED_PARTY: (ev) => {
    const role = ROLE_WORDS[str(ev, 'field') ?? ''] ?? 'a party';
    const who = str(ev, 'value') ?? '';
    const topic = str(ev, 'topic');
    if (topic) return `${role} ${who} carries the topic ${topic} in the network`;
    const score = num(ev, 'match_score');
    return `${role} ${who} matches “${str(ev, 'matched_name') ?? str(ev, 'entry') ?? '?'}” on ${str(ev, 'list') ?? 'a loaded list'}${score !== null ? ` (name score ${amount(score, 2)})` : ''}`;
  },
  NEW_CUSTOMER: (ev) => {
    const threshold = num(ev, 'threshold_days');
    return `${newCustomerWords(ev)}${threshold !== null ? ` (within ${amount(threshold, 0)} days)` : ''}`;
  },
  CUSTOMER_HISTORY_UNKNOWN: () => 'no first-seen date is known for the buyer',
  SENSITIVE_REGION: (ev) => `the buyer is ${whereOf(ev)}`,
  NEW_CUSTOMER_IN_SENSITIVE_REGION: (ev, siblings) => {
    const age = siblings.get('NEW_CUSTOMER');
    const region = siblings.get('SENSITIVE_REGION');
    if (age && region) return `${newCustomerWords(age)}, ${whereOf(region)}`;
    return `a new customer located in a sensitive region (${str(ev, 'value') ?? '?'})`;
  },
  SHIP_TO_SENSITIVE_REGION: (ev) => `the goods are shipped ${whereOf(ev).replace(/^in /, 'to ')}`,
  GOODS_INCONGRUENT: (ev) => {
    const sector = str(ev, 'sector')?.replace(/_/g, ' ');
    const business = str(ev, 'value') ?? 'business';
    return `${str(ev, 'goods') ?? 'the goods'} is not what ${/^[aeiou]/i.test(business) ? 'an' : 'a'} ${business}${sector ? ` (sector: ${sector})` : ''} buys`;
  },
  QUANTITY_DISPROPORTIONATE: (ev) => {
    const q =
      `${amount(num(ev, 'normalised') ?? num(ev, 'value') ?? 0)} ${str(ev, 'basis') ?? str(ev, 'unit') ?? ''}`.trim();
    const cmp = str(ev, 'compared_with') ?? '';
    const ratio = num(ev, 'ratio');
    const median = num(ev, 'median');
    if (cmp === 'buyer history')
      return `${q} is ${amount(ratio ?? 0)} times the buyer’s usual order (median ${amount(median ?? 0)} over ${num(ev, 'orders') ?? '?'} orders)`;
    if (cmp.startsWith('peers'))
      return `${q} is ${amount(ratio ?? 0)} times what ${cmp.replace('peers in sector ', 'businesses of the sector ').replace(/_/g, ' ')} order (median ${amount(median ?? 0)} over ${num(ev, 'orders') ?? '?'} orders by ${num(ev, 'buyers') ?? '?'} buyers)`;
    const threshold = num(ev, 'threshold');
    return `${q} is a bulk quantity for a small business${threshold !== null ? ` (${amount(threshold)} ${str(ev, 'basis') ?? ''} or more)` : ''}`;
  },
  THIRD_PARTY_PAYER: (ev) =>
    `paid by ${str(ev, 'value') ?? 'another party'}, not by the buyer ${str(ev, 'buyer') ?? ''}, and no family, ownership or control link between them is known`.replace(
      /  +/g,
      ' ',
    ),
  CONCEALED_PAYMENT: (ev) => {
    const m = str(ev, 'value') ?? 'other';
    return `paid by ${PAYMENT_WORDS[m] ?? m}, a method that hides who pays`;
  },
  PAYER_IS_MONEY_TRANSFER_OPERATOR: (ev) =>
    `the payer ${str(ev, 'value') ?? ''} is a money transfer operator (its name or sector holds “${(str(ev, 'term') ?? '').replace(/\*/g, '')}”)`,
  PAYER_FOR_SEVERAL_BUYERS: (ev) =>
    `${str(ev, 'value') ?? 'the payer'} pays for ${num(ev, 'buyers') ?? 'several'} buyers with no known link between them`,
  ROUTE_THROUGH_CROSSING: (ev) => {
    const route = (str(ev, 'value') ?? '').split('>').join(' → ');
    const stop = str(ev, 'stop') ?? '?';
    const km = num(ev, 'distance_km');
    const area = str(ev, 'area');
    const crossing = str(ev, 'crossing');
    const where = area
      ? `inside the listed area ${area}`
      : `${km !== null ? `${amount(km)} km ` : ''}from the ${crossing ?? '?'} crossing`;
    return `the route ${route} stops at ${stop}, ${where}`;
  },
  ROUTE_DETOUR: (ev) =>
    `the route ${(str(ev, 'value') ?? '').split('>').join(' → ')} travels ${amount(num(ev, 'travelled_km') ?? 0, 0)} km where the direct way is ${amount(num(ev, 'direct_km') ?? 0, 0)} km (${amount(num(ev, 'detour_ratio') ?? 0)} times as long)`,
  CONSIGNEE_FORWARDER: (ev) => {
    const link = str(ev, 'link');
    return `the goods are consigned to ${str(ev, 'value') ?? '?'}, a freight forwarder (its name or sector holds “${(str(ev, 'term') ?? '').replace(/\*/g, '')}”), not to the buyer${link ? `; linked to the buyer only by ${link}` : ''}`;
  },
  CONSIGNEE_UNRELATED: (ev) =>
    `the goods are consigned to ${str(ev, 'value') ?? '?'}, with no known family, ownership or control link to the buyer ${str(ev, 'buyer') ?? ''}`.trim(),
  CONTROLLED_PRECURSOR: (ev) => controlledWords(ev, 'an explosives precursor'),
  EXPLOSIVE_ARTICLE: (ev) => controlledWords(ev, 'an explosive article'),
  UAV_COMPONENT: (ev) => controlledWords(ev, 'a UAV component'),
  DUAL_USE_ELECTRONICS: (ev) => controlledWords(ev, 'dual-use electronics'),
  SHARED_CONTACT_WITH_FLAGGED: (ev) => {
    const role = ROLE_WORDS[str(ev, 'field') ?? ''] ?? 'a party';
    const because = str(ev, 'flagged_because');
    return `${role} ${str(ev, 'value') ?? ''} shares the ${str(ev, 'shared') ?? 'contact'} ${str(ev, 'contact') ?? ''} with ${str(ev, 'with_name') ?? str(ev, 'with_entity') ?? '?'}${because ? ` (${because})` : ''}`.replace(
      /  +/g,
      ' ',
    );
  },
};

function isFlagCode(code: string): code is FlagCode {
  return (FLAG_CODES as readonly string[]).includes(code);
}

function evOf(f: FlagLike): Ev {
  return f.evidence && typeof f.evidence === 'object' && !Array.isArray(f.evidence)
    ? (f.evidence as Ev)
    : {};
}

/** A flag code's name; an unknown (older) code reads as itself, underscores as spaces. */
export function flagName(code: string): string {
  return isFlagCode(code) ? FLAG_NAMES[code] : code.toLowerCase().replace(/_/g, ' ');
}

/**
 * The flags of one order, each with its name and its evidence in a sentence. The flags are
 * read together because one sentence (a new customer in a sensitive region) is told from the
 * evidence of its two parts.
 */
export function explainFlags<F extends FlagLike>(flags: readonly F[]): ExplainedFlag<F>[] {
  const siblings = new Map(flags.map((f) => [f.code, evOf(f)]));
  return flags.map((f) => {
    const sentence = isFlagCode(f.code) ? SENTENCES[f.code](evOf(f), siblings) : null;
    return {
      ...f,
      name: flagName(f.code),
      explanation: sentence ? capitalise(sentence) : fallback(evOf(f)),
    };
  });
}

/** The flags of a score explained, the rest of the score as it was. */
export function explainScore<S extends { flags: readonly FlagLike[] }>(
  score: S,
): Omit<S, 'flags'> & { flags: ExplainedFlag<S['flags'][number]>[] } {
  return { ...score, flags: explainFlags(score.flags) };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1) + (s.endsWith('.') ? '' : '.');
}

/** An unknown code's evidence: its plain fields, "field: value", in order. */
function fallback(ev: Ev): string {
  return Object.entries(ev)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${String(v)}`)
    .join('; ');
}
