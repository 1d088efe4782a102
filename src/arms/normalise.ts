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
export function normaliseType(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const t = foldText(raw).replace(/ /g, '_');
  return t === '' ? null : t;
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
  const cache = new Map<string, string | null>();

  const canonical = (kind: AliasKind, raw: string | null | undefined): string | null => {
    if (raw === null || raw === undefined) return null;
    const ck = `${kind}\u0000${raw}`;
    const hit = cache.get(ck);
    if (hit !== undefined) return hit;
    let out: string | null;
    const trimmed = tidy(raw);
    if (trimmed === '' || /^(n\/?a|none|unknown|unk|-+|\?+)$/i.test(trimmed)) out = null;
    else {
      const alias = maps.get(kind)!.get(keyFor(kind, trimmed));
      out = alias ? alias.canonical : kind === 'calibre' ? calibreFallback(trimmed) : trimmed;
    }
    if (cache.size > 100_000) cache.clear();
    cache.set(ck, out);
    return out;
  };

  return {
    canonical,
    key(kind, raw) {
      const c = canonical(kind, raw);
      return c === null ? null : keyFor(kind, c) || null;
    },
    family(model) {
      const c = canonical('model', model);
      if (c === null) return null;
      const k = aliasKey(c);
      return familyOf.get(k) ?? k;
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
export function parseSerial(raw: string | null | undefined): SerialParts | null {
  if (raw === null || raw === undefined) return null;
  const up = anyUpper(raw);
  const compact = up.replace(/[^A-Z0-9]/g, '');
  if (compact === '' || NO_SERIAL.test(compact) || NO_SERIAL.test(up)) return null;
  const m = /(\d+)(?!.*\d)/.exec(compact);
  if (!m) return { compact, prefix: compact, digits: '', number: Number.NaN, suffix: '' };
  let digits = m[1]!;
  let prefix = compact.slice(0, m.index);
  // Keep the number exact: digits beyond 15 belong to the prefix.
  if (digits.length > 15) {
    prefix += digits.slice(0, digits.length - 15);
    digits = digits.slice(-15);
  }
  return {
    compact,
    prefix,
    digits,
    number: Number(digits),
    suffix: compact.slice(m.index + m[1]!.length),
  };
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
  const distinct = new Set(compact).size;
  let bits = 0;
  for (const ch of compact) bits += /\d/.test(ch) ? Math.log2(10) : Math.log2(26);
  // Serials made of one or two repeated characters (11111, ABABAB) are filler, not identity.
  if (distinct <= 2) bits = Math.min(bits, 8);
  return bits;
}

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
