import type { FoundMention } from './types.ts';

/**
 * A number as printed in one of several locales: 1,234,567.89 (English), 1.234.567,89
 * (Turkish, German), 1 234 567,89 (French), 1'234'567.89 (Swiss). When both separators occur
 * the later one is the decimal mark; a lone separator followed by exactly three digits
 * groups thousands (invoices give cents with two); otherwise it is the decimal mark.
 */
export function parseLocaleNumber(raw: string): number | null {
  const s = raw.replace(/[\s\u00a0\u202f']/g, '');
  if (!/^\d[\d.,]*$/.test(s)) return null;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let normal: string;
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    normal = s.split(group).join('').replace(decimal, '.');
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const parts = s.split(sep);
    const grouped = parts.length > 2 || parts[1]!.length === 3;
    normal = grouped ? parts.join('') : `${parts[0]}.${parts[1]}`;
    if (grouped && parts.slice(1).some((p) => p.length !== 3)) return null;
  } else normal = s;
  const n = Number(normal);
  return Number.isFinite(n) ? n : null;
}

/** A number as the normalised form writes it: no grouping, at most 4 decimals, no trailing zeros. */
export function plainNumber(n: number): string {
  return String(Math.round(n * 10_000) / 10_000);
}

// A printed number: digits grouped by , . space (incl. no-break) or ', with decimals.
const NUM = String.raw`\d{1,3}(?:[,.\u00a0\u202f' ]\d{3})+(?:[.,]\d{1,4})?|\d+(?:[.,]\d{1,4})?`;

const SYMBOLS: Readonly<Record<string, string>> = {
  $: 'USD',
  US$: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'CNY',
  '₺': 'TRY',
  '₽': 'RUB',
  '₹': 'INR',
};
const CODES = [
  'USD',
  'EUR',
  'GBP',
  'TRY',
  'TL',
  'AED',
  'SAR',
  'QAR',
  'CNY',
  'RMB',
  'RUB',
  'CHF',
  'JPY',
  'SYP',
  'IQD',
  'IRR',
  'LBP',
  'JOD',
  'EGP',
  'NGN',
  'XOF',
  'XAF',
  'INR',
  'PKR',
  'AFN',
  'KWD',
];
const CODE_ALIASES: Readonly<Record<string, string>> = { TL: 'TRY', RMB: 'CNY' };
const CUR = `US\\$|[$€£¥₺₽₹]|\\b(?:${CODES.join('|')})\\b`;
const AMOUNT = new RegExp(`(${CUR})\\s?(${NUM})|(${NUM})\\s?(${CUR})`, 'g');

function currencyOf(s: string): string {
  return SYMBOLS[s] ?? CODE_ALIASES[s] ?? s;
}

/** Amounts with a currency symbol or ISO 4217 code, before or after: normalised "USD 27000". */
export function findAmounts(text: string): FoundMention[] {
  const out: FoundMention[] = [];
  for (const m of text.matchAll(AMOUNT)) {
    const cur = m[1] ?? m[4]!;
    const num = (m[2] ?? m[3]!).trim();
    const value = parseLocaleNumber(num);
    if (value === null) continue;
    const raw = m[0].trimEnd();
    out.push({
      kind: 'amount',
      text: raw,
      normalized: `${currencyOf(cur)} ${plainNumber(value)}`,
      start: m.index,
      end: m.index + raw.length,
    });
  }
  return out;
}

/** Units of quantity and the canonical unit each is written as (the orders' `unit` column). */
const UNITS: Readonly<Record<string, string>> = {
  kg: 'kg',
  kgs: 'kg',
  kilogram: 'kg',
  kilograms: 'kg',
  kilo: 'kg',
  kilos: 'kg',
  g: 'g',
  gr: 'g',
  grams: 'g',
  t: 't',
  mt: 't',
  ton: 't',
  tons: 't',
  tonne: 't',
  tonnes: 't',
  lb: 'lb',
  lbs: 'lb',
  l: 'l',
  lt: 'l',
  ltr: 'l',
  litre: 'l',
  litres: 'l',
  liter: 'l',
  liters: 'l',
  m: 'm',
  metre: 'm',
  metres: 'm',
  meter: 'm',
  meters: 'm',
  m2: 'm2',
  m3: 'm3',
  pcs: 'pcs',
  pc: 'pcs',
  piece: 'pcs',
  pieces: 'pcs',
  unit: 'units',
  units: 'units',
  set: 'sets',
  sets: 'sets',
  box: 'boxes',
  boxes: 'boxes',
  carton: 'cartons',
  cartons: 'cartons',
  ctn: 'cartons',
  ctns: 'cartons',
  pallet: 'pallets',
  pallets: 'pallets',
  drum: 'drums',
  drums: 'drums',
  bag: 'bags',
  bags: 'bags',
  roll: 'rolls',
  rolls: 'rolls',
  pair: 'pairs',
  pairs: 'pairs',
  rounds: 'rounds',
  cartridges: 'rounds',
};
const UNIT_RE = Object.keys(UNITS)
  .sort((a, b) => b.length - a.length)
  .join('|');
const QUANTITY = new RegExp(`(?<![\\w.,])(${NUM})\\s?(${UNIT_RE})\\b(?!\\s?[$€£¥₺])`, 'gi');

/** "6,000 kg", "6 tonnes", "240 pcs": normalised "6000 kg" in the canonical unit's name. */
export function findQuantities(text: string): FoundMention[] {
  const out: FoundMention[] = [];
  for (const m of text.matchAll(QUANTITY)) {
    const value = parseLocaleNumber(m[1]!);
    const unit = UNITS[m[2]!.toLowerCase()];
    if (value === null || !unit) continue;
    // A lone "m" or "t" after a number is too often something else (a time, "5 m away").
    if ((unit === 'm' || unit === 't') && m[2]!.length === 1 && m[2] !== m[2]!.toLowerCase())
      continue;
    out.push({
      kind: 'quantity',
      text: m[0],
      normalized: `${plainNumber(value)} ${unit}`,
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return out;
}

// 7603.20, 7603.20.00, 7603 20; or six to ten digits after "HS", "HS code", "GTIP", "tariff".
const HS_DOTTED = /(?<![\d.,])(\d{4})[.\s](\d{2})((?:\.\d{2,4}){0,2})(?![\d.,]?\d)/g;
const HS_CONTEXT =
  /\b(?:hs|h\.s\.|hts|gtip|tariff|commodity)(?:\s*(?:code|no\.?|number|heading))?\s*[:#.]?\s*$/i;
const HS_PLAIN = /(?<![\d.,])(\d{4}(?:\d{2}){1,3})(?![\d.,]?\d)/g;

/**
 * Harmonized System codes: chapter, heading and subheading (7603.20) with national digits,
 * written dotted, or plain digits after HS / HS code / GTIP / tariff. The dotted form alone
 * would take prices ("1234.50"), so it needs the context word too unless it has three parts.
 * Normalised as digits only, as the orders' `hs_code` column holds it.
 */
export function findHsCodes(text: string): FoundMention[] {
  const out: FoundMention[] = [];
  const context = (i: number) => HS_CONTEXT.test(text.slice(Math.max(0, i - 24), i));
  for (const m of text.matchAll(HS_DOTTED)) {
    const chapter = Number(m[1]!.slice(0, 2));
    if (chapter < 1 || chapter > 97) continue;
    if (!m[3] && !context(m.index)) continue;
    out.push({
      kind: 'hs_code',
      text: m[0],
      normalized: m[0].replace(/\D/g, ''),
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  for (const m of text.matchAll(HS_PLAIN)) {
    if (!context(m.index)) continue;
    if (out.some((o) => o.start <= m.index && m.index < o.end)) continue;
    out.push({
      kind: 'hs_code',
      text: m[0],
      normalized: m[0],
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return out;
}

// An identifier after its label: S/N, Serial No., Serial number(s), SN; Lot No., Lot, Batch.
const ID = String.raw`([A-Z0-9][A-Z0-9/-]*\d[A-Z0-9/-]*|\d[A-Z0-9/-]*)`;
const SERIAL = new RegExp(
  String.raw`\b(?:s/n|serial\s*(?:no\.?|nos\.?|numbers?|#)?|sn)\s*[:#.]?\s*` + ID,
  'gi',
);
const LOT = new RegExp(String.raw`\b(?:lot|batch)\s*(?:no\.?|number|#)?\s*[:#.]?\s*` + ID, 'gi');
const RANGE_END = /^\s*(?:-|–|to|through)\s*([A-Z0-9][A-Z0-9/-]*\d)/i;

/** Serial and lot numbers named by their label; a serial range "X to Y" gives both ends. */
export function findSerialsAndLots(text: string): FoundMention[] {
  const out: FoundMention[] = [];
  const take = (kind: 'serial' | 'lot', m: RegExpExecArray) => {
    const id = m[1]!.replace(/[-/]+$/, '');
    const start = m.index + m[0].length - m[1]!.length;
    out.push({ kind, text: id, normalized: id.toUpperCase(), start, end: start + id.length });
    if (kind !== 'serial') return;
    const after = RANGE_END.exec(text.slice(start + id.length));
    if (!after) return;
    const s2 = start + id.length + after[0].length - after[1]!.length;
    out.push({
      kind,
      text: after[1]!,
      normalized: after[1]!.toUpperCase(),
      start: s2,
      end: s2 + after[1]!.length,
    });
  };
  for (const m of text.matchAll(SERIAL)) take('serial', m);
  for (const m of text.matchAll(LOT)) take('lot', m);
  return out;
}
