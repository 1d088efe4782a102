// Only the English locale: importing every locale costs more than the whole extraction.
import * as chrono from 'chrono-node/en';
import { stableId } from '../../core/ids.ts';
import { admin1ByCode, lookupAdmin1, lookupCountry, lookupPlace } from '../../geo/gazetteer.ts';
import { acledTypesFor, classifyAttack } from '../attack-type.ts';
import type { Incident } from '../schema.ts';
import { readIncident, type Evidence } from './fields.ts';
import { locate, passageContext, type GeoContext } from './places.ts';
import { segment, splitIncidents } from './segment.ts';

export interface ExtractOptions {
  /** The document's date (YYYY-MM-DD): the reference for "on Tuesday", "last week", "yesterday". */
  docDate?: string | null;
  /** Name of the document, cited as the source when a passage cites none of its own. */
  sourceName?: string | null;
}

const MONTHS =
  'January|February|March|April|May|June|July|August|September|October|November|December';
const CITED_DATE = new RegExp(
  String.raw`\b(?:(${MONTHS})\s+(\d{1,2}),?\s+(\d{4})|(\d{1,2})\s+(${MONTHS}),?\s+(\d{4}))\b`,
);

/** Everything the text names in parentheses with a date is a cited source; "(Reuters)" alone too. */
const AGENCIES =
  /^(Reuters|AFP|AP|Associated Press|Amaq|Telegram|Al-Naba'?|BBC|Al Jazeera|Xinhua|Anadolu|Sputnik|SANA|INA|Shafaq News|Rudaw|Kurdistan 24|Premium Times|Sahara Reporters|HumAngle|Khaama Press|TOLOnews|Pajhwok)$/i;

export function extractIncidents(text: string, opts: ExtractOptions = {}): Incident[] {
  const blocks = segment(text);
  const docRef = opts.docDate ? new Date(`${opts.docDate}T12:00:00Z`) : inferDocDate(text);
  const ctx: GeoContext = { countries: [], admin1Code: null };
  const out: Incident[] = [];
  for (const b of blocks) {
    if (b.kind === 'heading') {
      applyHeading(b.text, ctx);
      continue;
    }
    out.push(
      ...extractPassage(b.text, ctx, docRef, Boolean(opts.docDate), opts.sourceName ?? null, {
        text,
        from: lineOffset(text, b.line),
      }),
    );
  }
  return out;
}

/** Character offset of a 1-based line. */
function lineOffset(text: string, line: number): number {
  let at = 0;
  for (let i = 1; i < line; i++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) break;
    at = nl + 1;
  }
  return at;
}

/** Without --doc-date, a bulletin's own dateline ("January 7-13, 2021") still fixes the year of "On January 11". */
function inferDocDate(text: string): Date | null {
  const m =
    CITED_DATE.exec(text) ??
    new RegExp(String.raw`\b(${MONTHS})\s+\d{1,2}\s*[-–]\s*(\d{1,2}),?\s+(\d{4})`).exec(text);
  if (!m) return null;
  const parsed = chrono.parseDate(m[0].replace(/\s*[-–]\s*\d{1,2}(?=,?\s+\d{4})/, ''), undefined, {
    forwardDate: false,
  });
  return parsed ?? null;
}

/** A heading names a country ("Nigeria", "The Iraqi arena"), a province ("Diyala Province") or a town's region. */
function applyHeading(heading: string, ctx: GeoContext): void {
  const h = heading.replace(/^(the|other)\s+/i, '').trim();
  if (/^(africa|asia|middle east|europe|the world)$/i.test(h)) {
    ctx.countries = [];
    ctx.admin1Code = null;
    return;
  }
  const country =
    lookupCountry(h)?.code ??
    lookupCountry(h.replace(/\s+(arena|front|theatre|theater)$/i, ''))?.code ??
    adjectiveCountry(h);
  const a1 =
    /\b(province|state|governorate|region|wilaya)\b/i.test(h) || !country ? findAdmin1(h) : null;
  if (a1) {
    ctx.admin1Code = a1;
    const cc = a1.split('.')[0]!;
    ctx.countries = [cc, ...ctx.countries.filter((c) => c !== cc)];
    return;
  }
  if (country) {
    ctx.countries = [country];
    ctx.admin1Code = null;
    return;
  }
  // "The region of Deir ez-Zor and Al-Mayadeen", "Al-Raqqah region": a town's province.
  const names = h
    .replace(/^(the )?(region|area) of /i, '')
    .replace(/\s+(region|area)$/i, '')
    .split(/\s+and\s+|,\s*/);
  for (const n of names) {
    if (!/^[A-Z]/.test(n.trim())) continue;
    const p = lookupPlace(n, { countries: ctx.countries })[0];
    if (p && p.admin1_code) {
      ctx.admin1Code = p.admin1_code;
      ctx.countries = [p.country_code, ...ctx.countries.filter((c) => c !== p.country_code)];
      return;
    }
  }
}

/** A heading naming a province is trusted whatever country came before it. */
function findAdmin1(h: string): string | null {
  const cleaned = h.replace(/^(the )?(region|area) of /i, '').replace(/\s+(region|area)$/i, '');
  return lookupAdmin1(cleaned)?.code ?? null;
}

/** "The Iraqi arena", "Counterterrorism in Syria": a short heading's country adjective; captions are longer. */
function adjectiveCountry(text: string): string | null {
  if (text.split(/\s+/).length > 6) return null;
  for (const w of text.split(/[\s,()]+/)) {
    if (!/^[A-Z]/.test(w)) continue;
    const c = lookupCountry(w.replace(/['’]s$/, ''));
    if (c) return c.code;
  }
  return null;
}

interface CitedSource {
  name: string;
  date: string | null;
}

/** Sources cited in parentheses ("(Khotwa, January 10, 2021; ISNA, January 11, 2021)") and the text without them. */
export function citedSources(passage: string): { sources: CitedSource[]; body: string } {
  const sources: CitedSource[] = [];
  const body = passage.replace(/\(([^()]{2,300})\)/g, (whole, inner: string) => {
    const parts = inner.split(/\s*;\s*/);
    const found: CitedSource[] = [];
    let pendingUndated: string[] = [];
    let anyDated = false;
    for (const part of parts) {
      const dm = CITED_DATE.exec(part);
      if (dm) {
        anyDated = true;
        const date = isoOf(dm);
        const names = part
          .slice(0, dm.index)
          .replace(/[,\s]+$/, '')
          .trim();
        for (const u of pendingUndated) found.push({ name: u, date });
        pendingUndated = [];
        for (const n of splitNames(names)) found.push({ name: n, date });
      } else if (part.trim()) {
        pendingUndated.push(part.trim());
      }
    }
    if (anyDated) {
      for (const u of pendingUndated) found.push({ name: u, date: null });
      // A parenthesis that is a note ("Note: on November 29, 2020, …") is not a citation.
      if (
        found.every(
          (f) =>
            f.name.length <= 90 &&
            !/^note\b/i.test(f.name) &&
            !/\b(was|were|fired|killed)\b/.test(f.name),
        )
      ) {
        sources.push(...found.filter((f) => f.name));
        return ' ';
      }
      return ' ';
    }
    if (parts.every((p) => AGENCIES.test(p.trim()))) {
      sources.push(...parts.map((p) => ({ name: p.trim(), date: null })));
      return ' ';
    }
    return whole;
  });
  return {
    sources,
    body: body
      .replace(/\s+([.,;])/g, '$1')
      .replace(/\s+/g, ' ')
      .trim(),
  };
}

/** "Telegram, Amaq" are two sources; "Facebook page of X, Y" stays one name. */
function splitNames(names: string): string[] {
  if (!names) return [];
  const parts = names.split(/\s*,\s*/);
  if (parts.length > 1 && parts.every((p) => p.split(' ').length <= 3)) return parts;
  return [names];
}

function isoOf(m: RegExpExecArray): string {
  const month = m[1] ?? m[5]!;
  const day = m[2] ?? m[4]!;
  const year = m[3] ?? m[6]!;
  const mi = MONTHS.split('|').indexOf(month) + 1;
  return `${year}-${String(mi).padStart(2, '0')}-${String(Number(day)).padStart(2, '0')}`;
}

const CIVILIAN =
  /\b(civilians?|villagers?|shepherds?|farmers?|mukhtar|workers?|students?|teachers?|child(ren)?|women|worshippers|mosque|church|market|judge|collaborators?|tanker|truck drivers?|traders?|merchants?|residents?|family|aid workers?|journalists?|doctors?|elders?|imam|pilgrims)\b/i;

/** Who or what was hit: the object of the attack verb, or the subject of the passive. */
export function target(body: string): string | null {
  const stop = String.raw`(?=\s+(?:in|on|near|at|about|approximately|some|around|north|south|east|west|northeast|northwest|southeast|southwest|outside|with|using|by|while|who|which|that|as|during|when|from|along|belonging)\b|[,.;(]|$)`;
  const active = new RegExp(
    String.raw`\b(?:against|targeting|targeted|attacked|ambushed|raided|stormed|struck|hit|bombed|shelled|abducted|kidnapped|assassinated|fired(?: \w+){0,2} (?:at|on|upon)|opened fire on|exchanged fire with)\s+(?:an?\s+|the\s+|two\s+|three\s+|several\s+)?(?:vehicle carrying\s+|vehicle of\s+)?((?:[\w'’-]+\s+){0,10}?[\w'’-]+)${stop}`,
    'i',
  );
  const passive = new RegExp(
    String.raw`^(?:(?:On|on)\s+[^,]+,\s*(?:\d{4},\s*)?)?(?:an?\s+|the\s+|two\s+|three\s+|four\s+|several\s+|\d+\s+)?((?:[\w'’-]+\s+){0,12}?[\w'’-]+)\s+(?:was|were)\s+(?:\w+\s+)?(?:targeted|attacked|ambushed|shot|hit|fired upon|kidnapped|abducted|assassinated)\b`,
    'i',
  );
  let m = passive.exec(body) ?? active.exec(body);
  // "ambushed and fired at a vehicle": the object is after the second verb.
  if (m && /^and\s/i.test(m[1]!))
    m = active.exec(body.slice((m.index ?? 0) + m[0].length - m[1]!.length + 4));
  if (!m) return null;
  const t = m[1]!.replace(/^(an?|the)\s+/i, '').trim();
  if (
    !t ||
    /^(it|him|her|them|they|he|she)$/i.test(t) ||
    /^(about|approximately|some|around|\d)/i.test(t) ||
    t.length > 90
  )
    return null;
  return t;
}

/** A passage that reports no violent event (infographics, videos, analysis) is not an incident. */
function isIncident(body: string, hasDate: boolean, typed = false): boolean {
  if (
    /\b(infographic|released a video|published (?:a|an) (?:infographic|video|study|feature|analysis|report on)|feature article|summing up|the study|according to the study|the article|weekly published)\b/i.test(
      body,
    )
  )
    return false;
  if (
    !typed &&
    /\b\d{2,}\s+attacks\b|\battacks per month\b|\ba total of\b|\bin (?:those|these|the) attacks\b|\d,\d{3} (?:people|attacks)/i.test(
      body,
    )
  )
    return false;
  const violent =
    typed ||
    classifyAttack(body) !== null ||
    /\b(killed|killing|wounded|wounding|injured|injuring|dead|died|deaths?|explosion|blast)\b/i.test(
      body,
    );
  return (
    violent &&
    (hasDate ||
      typed ||
      /\b(killed|killing|wounded|wounding|injured|injuring|dead|died|kidnapped|abducted|lives|deaths?|injur(?:y|ies))\b/i.test(
        body,
      ))
  );
}

function extractPassage(
  passage: string,
  ctx: GeoContext,
  ref: Date | null,
  refExplicit: boolean,
  sourceName: string | null,
  input: { text: string; from: number } = { text: passage, from: 0 },
): Incident[] {
  const { sources, body } = citedSources(passage);
  // Each incident the passage describes, the one it is about first (segment.ts, fields.ts).
  const groups = splitIncidents(body);
  const out: Incident[] = [];
  for (const [gi, group] of groups.entries()) {
    const incText = group.sentences.map((s) => s.text).join(' ');
    const probe = readIncident(body, group, { ref, refExplicit, isMain: gi === 0 });
    if (!isIncident(incText, probe.date !== null, probe.attack_type !== null)) continue;

    // Countries the passage itself points to ("Nigerian army", "in Syria") come before the heading's.
    const local = passageContext(ctx, incText);
    const geo = locate(incText, local);
    const countryCode = geo.country_code ?? local.countries[0] ?? null;
    const r = countryCode
      ? readIncident(body, group, { ref, refExplicit, isMain: gi === 0, country: countryCode })
      : probe;
    const dated = { date: r.date, precision: r.date_precision };
    const attackType = r.attack_type;
    const claim = { perpetrator: r.perpetrator, attribution: r.attribution };
    const tgt = target(incText);
    const cas = { killed: r.killed, wounded: r.wounded, casualties_total: r.casualties_total };
    const types = acledTypesFor(attackType, { civilianTarget: tgt ? CIVILIAN.test(tgt) : false });
    let admin1 = geo.admin1;
    if (
      !admin1 &&
      ctx.admin1Code &&
      (!geo.country_code || ctx.admin1Code.startsWith(`${geo.country_code}.`))
    )
      admin1 = admin1ByCode(ctx.admin1Code)?.name ?? null;
    const confidence =
      0.35 +
      (dated.date ? (dated.precision === 'day' ? 0.2 : 0.1) : 0) +
      0.25 * geo.certainty +
      (attackType ? 0.1 : 0) +
      (cas.killed !== null || cas.wounded !== null || cas.casualties_total !== null ? 0.1 : 0);
    const cited = sources.length ? sources : sourceName ? [{ name: sourceName, date: null }] : [];
    out.push({
      id: stableId('inc', gi === 0 ? passage : `${passage}#${gi}`),
      text: passage,
      date: dated.date,
      date_precision: dated.precision,
      country: countryCode ? (lookupCountry(countryCode)?.name ?? geo.country) : null,
      country_code: countryCode,
      admin1,
      admin2: null,
      place: geo.place,
      anchor_place: geo.anchor_place,
      offset_km: geo.offset_km,
      offset_dir: geo.offset_dir,
      lat: geo.lat,
      lon: geo.lon,
      geo_precision: geo.geo_precision,
      event_type: types.event_type,
      sub_event_type: types.sub_event_type,
      attack_type: attackType,
      perpetrator: claim.perpetrator,
      target: tgt,
      killed: cas.killed,
      wounded: cas.wounded,
      casualties_total: cas.casualties_total,
      attribution: claim.attribution,
      sources: cited,
      confidence: Math.round(Math.min(1, confidence) * 100) / 100,
      actor: r.actor?.name ?? null,
      spans: inputSpans([...r.evidence, ...geoEvidence(geo, admin1, body)], input),
      notes: r.notes.length ? r.notes.join('; ') : null,
    });
  }
  return out;
}

/**
 * Where the passage names the places the incident was located by: the place as written,
 * the offset's anchor and the province, each where its name stands in the text (a place
 * the gazetteer supplied and the text does not name gets no span), with the geocoding's
 * certainty as confidence.
 */
function geoEvidence(
  geo: { place: string | null; anchor_place: string | null; certainty: number },
  admin1: string | null,
  body: string,
): Evidence[] {
  const out: Evidence[] = [];
  const fields = { place: geo.place, anchor_place: geo.anchor_place, admin1 } as const;
  for (const [field, value] of Object.entries(fields)) {
    const start = value ? body.indexOf(value) : -1;
    if (start < 0) continue;
    out.push({
      field,
      start,
      end: start + value!.length,
      text: value!,
      confidence: Math.round(geo.certainty * 100) / 100,
    });
  }
  return out;
}

/** Spans in the text the caller gave (the passage was cleaned of line breaks and citations). */
function inputSpans(
  ev: Evidence[],
  input: { text: string; from: number },
): NonNullable<Incident['spans']> {
  const out: NonNullable<Incident['spans']> = [];
  for (const e of ev) {
    const pattern = e.text
      .trim()
      .split(/\s+/)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join(String.raw`[\s*]+`);
    if (!pattern) continue;
    const re = new RegExp(pattern, 'g');
    re.lastIndex = input.from;
    const m = re.exec(input.text) ?? ((re.lastIndex = 0), re.exec(input.text));
    if (!m) continue;
    out.push({
      field: e.field,
      start: m.index,
      end: m.index + m[0].length,
      text: m[0],
      confidence: e.confidence,
    });
  }
  return out;
}
