import { countryByCode } from '../../geo/gazetteer.ts';
import type { ExtractOptions, FoundMention } from './types.ts';

// ISO 9362: bank (4 letters), country (2), location (2), optional branch (3).
const BIC = /\b([A-Z]{4})([A-Z]{2})([A-Z0-9]{2})([A-Z0-9]{3})?\b/g;
const BIC_CONTEXT = /\b(?:swift|bic|swift\/bic|swift code|bic code)\b[\s:#.-]*$/i;

/**
 * SWIFT/BIC codes: the ISO 9362 shape with a real country code. Capitalised words have the
 * same shape ("SHIPMENT" is SHIP-ME-NT), so a code counts only after the words SWIFT or BIC,
 * or when its location code holds a digit, which words do not.
 */
export function findSwiftCodes(text: string): FoundMention[] {
  const out: FoundMention[] = [];
  for (const m of text.matchAll(BIC)) {
    if (!countryByCode(m[2]!)) continue;
    const context = BIC_CONTEXT.test(text.slice(Math.max(0, m.index - 24), m.index));
    if (!context && !/\d/.test(m[3]!)) continue;
    out.push({
      kind: 'swift',
      text: m[0],
      normalized: m[0],
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return out;
}

const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b/g;

export function findEmails(text: string): FoundMention[] {
  return [...text.matchAll(EMAIL)].map((m) => ({
    kind: 'email' as const,
    text: m[0],
    normalized: m[0].toLowerCase(),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/**
 * Country calling codes (ITU-T E.164 assignments) of the countries the platform's documents
 * usually come from, for writing a local number in E.164 when the document's country is known.
 */
const CALLING_CODE: Readonly<Record<string, string>> = {
  TR: '90',
  SY: '963',
  IQ: '964',
  LB: '961',
  JO: '962',
  IR: '98',
  AE: '971',
  SA: '966',
  QA: '974',
  KW: '965',
  OM: '968',
  EG: '20',
  LY: '218',
  TN: '216',
  DZ: '213',
  MA: '212',
  NG: '234',
  NE: '227',
  TD: '235',
  CM: '237',
  ML: '223',
  BF: '226',
  SD: '249',
  SO: '252',
  AF: '93',
  PK: '92',
  IN: '91',
  CN: '86',
  HK: '852',
  RU: '7',
  UA: '380',
  BG: '359',
  RO: '40',
  GR: '30',
  CY: '357',
  DE: '49',
  FR: '33',
  GB: '44',
  IT: '39',
  ES: '34',
  NL: '31',
  BE: '32',
  CH: '41',
  AT: '43',
  PL: '48',
  CZ: '420',
  RS: '381',
  US: '1',
  CA: '1',
};

// +90 212 555 01 23, 0090 (212) 555-0123; a local form 0212 555 01 23 only after a phone word.
const INTERNATIONAL = /(?<![\w+])(?:\+|00)[1-9][\d\s().-]{6,18}\d(?![\d])/g;
const LOCAL = /(?<![\w+])\(?0[1-9][\d\s().-]{5,16}\d(?![\d])/g;
const PHONE_CONTEXT =
  /\b(?:tel|telephone|phone|mobile|mob|cell|fax|gsm|whatsapp|hotline)\b\.?[\s:#.]*$/i;

function digitsOf(s: string): string {
  return s.replace(/\D/g, '');
}

/** A phone number in E.164 (+ and digits) where it can be: international, or local with a known country. */
export function normalisePhone(raw: string, country?: string | null): string {
  const d = digitsOf(raw);
  if (raw.trim().startsWith('+')) return `+${d}`;
  if (d.startsWith('00')) return `+${d.slice(2)}`;
  const cc = country ? CALLING_CODE[country.toUpperCase()] : undefined;
  if (cc && d.startsWith('0')) return `+${cc}${d.slice(1)}`;
  return d;
}

/** Phone numbers: international forms anywhere, local forms after Tel, Phone, Fax, Mobile…. */
export function findPhones(text: string, opts: ExtractOptions = {}): FoundMention[] {
  const out: FoundMention[] = [];
  const take = (m: RegExpExecArray) => {
    const raw = m[0].replace(/[\s.(-]+$/, '');
    const digits = digitsOf(raw).length;
    if (digits < 8 || digits > 15) return;
    out.push({
      kind: 'phone',
      text: raw,
      normalized: normalisePhone(raw, opts.country),
      start: m.index,
      end: m.index + raw.length,
    });
  };
  for (const m of text.matchAll(INTERNATIONAL)) take(m);
  for (const m of text.matchAll(LOCAL)) {
    if (PHONE_CONTEXT.test(text.slice(Math.max(0, m.index - 16), m.index))) take(m);
  }
  return out;
}
