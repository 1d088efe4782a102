import type { FoundMention } from './types.ts';

/**
 * IBAN lengths per country, from the SWIFT IBAN Registry (ISO 13616-1): a candidate of
 * another length, or of a country not in the registry, is not an IBAN.
 */
const IBAN_LENGTH: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FK: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MN: 20,
  MR: 27,
  MT: 31,
  MU: 30,
  NI: 28,
  NL: 18,
  NO: 15,
  OM: 23,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SO: 23,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
  YE: 30,
};

/** ISO 7064 MOD 97-10 as ISO 13616 applies it: the check holds when the remainder is 1. */
export function ibanChecksumOk(compact: string): boolean {
  const moved = compact.slice(4) + compact.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const d of value) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

/** The IBAN `raw` names (spaces and hyphens dropped, upper case) when it is one, else null. */
export function normaliseIban(raw: string): string | null {
  const compact = raw.replace(/[\s-]/g, '').toUpperCase();
  const length = IBAN_LENGTH[compact.slice(0, 2)];
  if (!length || compact.length !== length || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact))
    return null;
  return ibanChecksumOk(compact) ? compact : null;
}

// Country, check digits, then groups printed with or without single spaces.
const CANDIDATE = /\b([A-Z]{2}\d{2})((?:[ -]?[A-Z0-9]){10,30})/g;

/**
 * IBANs in a text: a candidate run is cut to its country's length (a printed IBAN is often
 * followed by another code on the same line) and kept only when the checksum holds.
 */
export function findIbans(text: string): FoundMention[] {
  const out: FoundMention[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const length = IBAN_LENGTH[m[1]!.slice(0, 2)];
    if (!length) continue;
    let count = 0;
    let end = m.index;
    for (; end < m.index + m[0].length && count < length; end++)
      if (/[A-Z0-9]/.test(text[end]!)) count++;
    if (count < length || /[A-Za-z0-9]/.test(text[end] ?? '')) continue;
    const raw = text.slice(m.index, end);
    const iban = normaliseIban(raw);
    if (iban) out.push({ kind: 'iban', text: raw, normalized: iban, start: m.index, end });
  }
  return out;
}
