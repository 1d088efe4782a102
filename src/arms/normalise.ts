import { foldText } from '../core/fold.ts';
import builtin from './aliases.json' with { type: 'json' };

/**
 * Names of models, manufacturers, countries of manufacture and calibres arrive in many
 * spellings (Type 68 / Type-68 / T68 / "type68"; Izhmash / Izhevsk Mechanical Plant).
 * Everything that groups or links items goes through one `Normaliser`, built from the
 * built-in table (`aliases.json`) merged with the store's editable `aliases` table, so that
 * the mapping a user sees with `chokepoint arms aliases list` is the one that was applied.
 */

export const ALIAS_KINDS = ['model', 'manufacturer', 'country', 'calibre'] as const;
export type AliasKind = (typeof ALIAS_KINDS)[number];

export interface AliasEntry {
  kind: string;
  alias: string;
  canonical: string;
}

export interface ResolvedAlias extends AliasEntry {
  key: string;
  source: 'builtin' | 'store';
}

export function isAliasKind(k: string): k is AliasKind {
  return (ALIAS_KINDS as readonly string[]).includes(k);
}

/**
 * The matching key of a name: folded (case, diacritics, scripts) with every separator
 * dropped, so "Type-68", "TYPE 68" and "type68" share "type68".
 */
export function aliasKey(text: string): string {
  return foldText(text).replace(/[^a-z0-9]/g, '');
}

/** Collapses runs of white space: the fallback spelling of a name no alias knows. */
export function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Multiplication signs, asterisks and "X" between digits all mean "by" in a calibre. */
function calibreText(raw: string): string {
  return raw.replace(/(\d)\s*[×xX*]\s*(\d)/g, '$1x$2');
}

export function calibreKey(raw: string): string {
  return aliasKey(calibreText(raw));
}

/** "7.62 X 39", "7,62x39mm" → "7.62×39mm" when no alias says otherwise. */
function calibreFallback(raw: string): string {
  const t = calibreText(raw).replace(/,/g, '.');
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:mm)?\s*x\s*(\d+)\s*(mm)?\s*(r)?\b(.*)$/i.exec(t);
  if (m) {
    const rest = tidy(m[5] ?? '');
    return `${m[1]}×${m[2]}mm${m[4] ? 'R' : ''}${rest ? ` ${rest}` : ''}`;
  }
  const mm = /^\s*(\d+(?:\.\d+)?)\s*mm\s*$/i.exec(t);
  if (mm) return `${mm[1]}mm`;
  return tidy(raw);
}

/** Item types are snake_case words: "Assault rifle", "assault-rifle" → "assault_rifle". */
const typeCache = new Map<string, string | null>();
export function normaliseType(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const hit = typeCache.get(raw);
  if (hit !== undefined) return hit;
  const t = foldText(raw).replace(/ /g, '_') || null;
  if (typeCache.size > 10_000) typeCache.clear();
  typeCache.set(raw, t);
  return t;
}

export interface Normaliser {
  /** The canonical spelling, or null for an empty cell. */
  canonical(kind: AliasKind, raw: string | null | undefined): string | null;
  /** The grouping key of a (canonicalised) name. */
  key(kind: AliasKind, raw: string | null | undefined): string | null;
  /** The model family (models that share parts); the model's own key when none is known. */
  family(model: string | null | undefined): string | null;
  /** Every alias in force, built-in and stored, stored ones winning. */
  entries(): ResolvedAlias[];
}

interface BuiltinTable {
  model: Record<string, string>;
  manufacturer: Record<string, string>;
  country: Record<string, string>;
  calibre: Record<string, string>;
  families: Record<string, string[]>;
}

const BUILTIN = builtin as unknown as BuiltinTable;

export function builtinAliases(): AliasEntry[] {
  return ALIAS_KINDS.flatMap((kind) =>
    Object.entries(BUILTIN[kind]).map(([alias, canonical]) => ({ kind, alias, canonical })),
  );
}

function keyFor(kind: AliasKind, raw: string): string {
  return kind === 'calibre' ? calibreKey(raw) : aliasKey(raw);
}

/**
 * Builds the normaliser: built-in aliases first, then the stored ones (which override a
 * built-in spelling with the same key). A canonical name maps to itself, so that a stored
 * alias "Izh" → "Izhmash" and a cell "IZHMASH" end up alike.
 */
export function createNormaliser(stored: AliasEntry[] = []): Normaliser {
  const maps = new Map<AliasKind, Map<string, ResolvedAlias>>(
    ALIAS_KINDS.map((k) => [k, new Map()]),
  );
  const add = (e: AliasEntry, source: 'builtin' | 'store') => {
    if (!isAliasKind(e.kind)) return;
    const key = keyFor(e.kind, e.alias);
    if (!key) return;
    maps.get(e.kind)!.set(key, { ...e, key, source });
  };
  for (const e of builtinAliases()) add(e, 'builtin');
  for (const e of stored) add(e, 'store');
  // Canonical names resolve to themselves unless an alias already claims that spelling.
  for (const kind of ALIAS_KINDS) {
    const m = maps.get(kind)!;
    for (const e of [...m.values()]) {
      const k = keyFor(kind, e.canonical);
      if (!m.has(k))
        m.set(k, { kind, alias: e.canonical, canonical: e.canonical, key: k, source: e.source });
    }
  }
  const familyOf = new Map<string, string>();
  for (const [family, models] of Object.entries(BUILTIN.families)) {
    for (const model of models) familyOf.set(aliasKey(model), family);
  }
  // Per-kind caches of raw cell → [canonical, key]: a million items carry a few hundred
  // distinct spellings, and folding is the expensive part.
  const caches = new Map<AliasKind, Map<string, [string | null, string | null]>>(
    ALIAS_KINDS.map((k) => [k, new Map()]),
  );
  const familyCache = new Map<string, string | null>();

  const resolve = (kind: AliasKind, raw: string): [string | null, string | null] => {
    const cache = caches.get(kind)!;
    const hit = cache.get(raw);
    if (hit) return hit;
    let out: string | null;
    const trimmed = tidy(raw);
    if (trimmed === '' || /^(n\/?a|none|unknown|unk|-+|\?+)$/i.test(trimmed)) out = null;
    else {
      const alias = maps.get(kind)!.get(keyFor(kind, trimmed));
      out = alias ? alias.canonical : kind === 'calibre' ? calibreFallback(trimmed) : trimmed;
    }
    const entry: [string | null, string | null] = [
      out,
      out === null ? null : keyFor(kind, out) || null,
    ];
    if (cache.size > 200_000) cache.clear();
    cache.set(raw, entry);
    return entry;
  };
  const canonical = (kind: AliasKind, raw: string | null | undefined): string | null =>
    raw === null || raw === undefined ? null : resolve(kind, raw)[0];

  return {
    canonical,
    key(kind, raw) {
      return raw === null || raw === undefined ? null : resolve(kind, raw)[1];
    },
    family(model) {
      if (model === null || model === undefined) return null;
      let f = familyCache.get(model);
      if (f !== undefined) return f;
      const k = resolve('model', model)[1];
      f = k === null ? null : (familyOf.get(k) ?? k);
      if (familyCache.size > 200_000) familyCache.clear();
      familyCache.set(model, f);
      return f;
    },
    entries() {
      return ALIAS_KINDS.flatMap((k) => [...maps.get(k)!.values()]).sort(
        (a, b) => a.kind.localeCompare(b.kind) || a.alias.localeCompare(b.alias),
      );
    },
  };
}

/** Cells that mean "no serial": they must never take part in matching. */
const NO_SERIAL =
  /^(N\/?A|NONE|NIL|UNKNOWN|UNK|ILLEGIBLE|REMOVED|OBLITERATED|DEFACED|GROUND ?OFF|NOSERIAL|NO SERIAL|X+|\?+|-+|0+)$/;

export interface SerialParts {
  /** Upper-case, without spaces, dashes, dots, slashes: the form serials are compared in. */
  compact: string;
  /** What comes before the last run of digits of the compact form. */
  prefix: string;
  /** The last run of digits of the compact form (leading zeros kept), or "" when there is none. */
  digits: string;
  /** That run as a number (NaN when there is none). */
  number: number;
  /** What follows the last run of digits (compact). */
  suffix: string;
}

/**
 * Splits a serial for link finding: upper-cased, with spaces, dashes and other separators
 * dropped, then cut into prefix, last run of digits and suffix. Separators are dropped
 * BEFORE the cut because registers write one serial as "68-770190", "68 770190" and
 * "68770190": all three become prefix "" and number 68770190, so neighbours stay
 * neighbours however each was written.
 */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const NON_ALNUM = /[^A-Za-z0-9]+/g;

export function parseSerial(raw: string | null | undefined): SerialParts | null {
  if (raw === null || raw === undefined) return null;
  // Plain ASCII (nearly every serial) is compacted by one native replace; anything else is
  // transliterated first (Cyrillic "ЕК" prefixes become "EK").
  const compact = PRINTABLE_ASCII.test(raw)
    ? raw.replace(NON_ALNUM, '').toUpperCase()
    : anyUpper(raw).replace(/[^A-Z0-9]/g, '');
  if (compact === '' || NO_SERIAL.test(compact)) return null;
  // The last run of digits, found from the end.
  let end = compact.length;
  while (end > 0 && !isDigit(compact.charCodeAt(end - 1))) end--;
  if (end === 0) return { compact, prefix: compact, digits: '', number: Number.NaN, suffix: '' };
  let start = end;
  while (start > 0 && isDigit(compact.charCodeAt(start - 1))) start--;
  // Keep the number exact: digits beyond 15 belong to the prefix.
  if (end - start > 15) start = end - 15;
  const digits = compact.slice(start, end);
  return {
    compact,
    prefix: compact.slice(0, start),
    digits,
    number: Number(digits),
    suffix: compact.slice(end),
  };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function anyUpper(raw: string): string {
  // Plain ASCII (nearly every serial) skips the transliteration of foldText.
  const text = /^[\x20-\x7e]*$/.test(raw) ? raw : foldText(raw);
  return text
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

/**
 * How much a serial says, in bits: each digit carries log2(10), each letter log2(26), and
 * a character repeated in place of new ones adds little. A five-digit serial (~16.6 bits)
 * is about where coincidences among thousands of documented items stop being likely; a
 * "1234" or "0007" is below it and never makes a link on its own.
 */
export function serialBits(compact: string): number {
  if (!compact) return 0;
  let digits = 0;
  let letters = 0;
  // Only whether there are more than two distinct characters matters.
  let a = -1;
  let b = -1;
  let varied = false;
  for (let i = 0; i < compact.length; i++) {
    const c = compact.charCodeAt(i);
    if (isDigit(c)) digits++;
    else letters++;
    if (!varied && c !== a && c !== b) {
      if (a === -1) a = c;
      else if (b === -1) b = c;
      else varied = true;
    }
  }
  const bits = digits * LOG2_10 + letters * LOG2_26;
  // Serials made of one or two repeated characters (11111, ABABAB) are filler, not identity.
  return varied ? bits : Math.min(bits, 8);
}

const LOG2_10 = Math.log2(10);
const LOG2_26 = Math.log2(26);

export const MIN_SERIAL_BITS = 16;
export const MIN_SERIAL_LENGTH = 5;

/** Whether a serial is long and varied enough to link items on its own. */
export function isInformativeSerial(p: SerialParts | null): p is SerialParts {
  return (
    p !== null && p.compact.length >= MIN_SERIAL_LENGTH && serialBits(p.compact) >= MIN_SERIAL_BITS
  );
}

/**
 * A glob over serials (`*` any run, `?` one character), compared on the compact form:
 * "AK47*12" finds "AK-47 0012" and "ak47 55 12". Anchored at both ends.
 */
export function serialGlob(pattern: string): RegExp {
  const compact = pattern
    .toUpperCase()
    .replace(/[^A-Z0-9*?]/g, '')
    .replace(/\*+/g, '*');
  const body = [...compact].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c)).join('');
  return new RegExp(`^${body}$`);
}
