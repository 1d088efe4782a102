// Only the English locale: importing every locale costs more than the whole extraction.
import * as chrono from 'chrono-node/en';
import { stableId } from '../../core/ids.ts';
import { admin1ByCode, lookupAdmin1, lookupCountry, lookupPlace } from '../../geo/gazetteer.ts';
import { acledTypesFor, classifyAttack } from '../attack-type.ts';
import type { Incident } from '../schema.ts';
import { countPeople, extractCasualties } from './counts.ts';
import { locate, type GeoContext } from './places.ts';
import { segment, sentences } from './segment.ts';

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

/** Groups whose names, as the subject of an attack, make them the perpetrator. */
const GROUPS = String.raw`ISIS|ISIL|IS|Islamic State(?: West Africa Province| in (?:Iraq|Syria|the Greater Sahara|Central Africa|Mozambique|Somalia|Pakistan)|'s [A-Z][a-z]+ Province| Khorasan(?: Province)?| group)?|ISWAP|ISGS|ISCAP|IS-K|ISKP|Daesh|Boko Haram|JAS|JNIM|Jama'at Nusrat al-Islam wal-Muslimin|[Aa]l[- ]Shabaa?b|Taliban|TTP|Tehrik-i-Taliban Pakistan|HTS|Hay'at Tahrir al-Sham|ADF|Allied Democratic Forces|Ansar al-Sunna|Ahlu Sunnah Wa-Jama'a|al-Qaeda|Al-Qaeda|AQIM|AQAP|PKK|Houthis?|Hezbollah|Hamas|Wilayat Sinai|Sinai Province`;

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
    const inc = extractPassage(b.text, ctx, docRef, Boolean(opts.docDate), opts.sourceName ?? null);
    if (inc) out.push(inc);
  }
  return out;
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

interface DateResult {
  date: string | null;
  precision: Incident['date_precision'];
}

/**
 * The date of a passage: the first date expression outside citations, read by chrono
 * against the document date. A weekday alone ("on Tuesday") is the last such day on or
 * before the document date, since news reports the past; "last week" has week
 * precision, "earlier this month" month precision. Relative expressions need the
 * document date: without it they give null rather than a guess from the clock.
 */
export function passageDate(body: string, ref: Date | null, refIsExplicit: boolean): DateResult {
  const text = body.replace(/\b(morning|evening|night|afternoon|early hours) of\s+/gi, '');
  const results = chrono.parse(text, ref ? { instant: ref, timezone: 'UTC' } : undefined, {
    forwardDate: false,
  });
  for (const r of results) {
    // Durations ("for about three months") are not dates.
    if (
      /^(for|about|within|over)\b|\b\d+\s+(months|weeks|years)\b(?! ago)|^\w+ (months|weeks|years)$/i.test(
        r.text,
      )
    )
      continue;
    if (/\b(for|after|within)\s+(about\s+)?$/i.test(text.slice(Math.max(0, r.index - 12), r.index)))
      continue;
    const s = r.start;
    const explicitYear = s.isCertain('year');
    const relative =
      !s.isCertain('month') ||
      /\b(yesterday|today|tonight|ago|last|this|past|earlier|previous)\b/i.test(r.text);
    if (!ref && !explicitYear) continue;
    if (relative && !refIsExplicit) continue;
    let d = s.date();
    if (
      s.isCertain('weekday') &&
      !s.isCertain('day') &&
      ref &&
      d.getTime() > ref.getTime() + 12 * 3600e3
    )
      d = new Date(d.getTime() - 7 * 86400e3);
    const iso = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))
      .toISOString()
      .slice(0, 10);
    // chrono's "day" is certain for "last week" (ref − 7 days); the words say a week.
    let precision: Incident['date_precision'] = 'day';
    if (/\bweek\b/i.test(r.text)) precision = 'week';
    else if (
      /\bmonth\b/i.test(r.text) ||
      (!s.isCertain('day') && !s.isCertain('weekday') && s.isCertain('month'))
    )
      precision = 'month';
    else if (!s.isCertain('day') && !s.isCertain('weekday') && !s.isCertain('month'))
      precision = 'year';
    if (precision === 'month') return { date: iso.slice(0, 8) + '01', precision };
    return { date: iso, precision };
  }
  return { date: null, precision: 'unknown' };
}

/** Attribution and perpetrator from the wording. */
export function attribution(body: string): {
  attribution: Incident['attribution'];
  perpetrator: string | null;
} {
  const denied =
    /\b(no (?:organi[sz]ation|group|one|party)|nobody|none)\b[^.]*?\b(?:has |have |had )?(?:yet )?claimed\b|\bhas not (?:yet )?been claimed\b|\bno (?:immediate )?claim of responsibility\b|\bwithout (?:any )?claim\b|\bunclaimed\b/i;
  const suspectedRe = new RegExp(
    String.raw`\b(?:it was|was|is|are|were)\s+(?:most\s+)?(?:probably|likely|apparently|believed to be|thought to be|suspected to be|presumably)\s+(?:carried out by\s+|the work of\s+|from\s+|members of\s+|linked to\s+)?(?:the\s+)?(${GROUPS}|[A-Z][\w'-]+(?: [A-Z][\w'-]+){0,3})|\b(?:suspected|presumed|alleged)\s+(${GROUPS})\b|\bblamed (?:it )?on\s+(?:the\s+)?(${GROUPS}|[A-Z][\w'-]+(?: [A-Z][\w'-]+){0,3})|\b(?:bore|bears) the hallmarks of\s+(?:the\s+)?(${GROUPS}|[A-Z][\w'-]+(?: [A-Z][\w'-]+){0,3})`,
  );
  if (denied.test(body)) {
    const s = suspectedRe.exec(body);
    const who = s ? (s[1] ?? s[2] ?? s[3] ?? s[4] ?? null) : null;
    return {
      attribution: who ? 'suspected' : 'unknown',
      perpetrator: who ? cleanGroup(who) : null,
    };
  }
  const claimed = new RegExp(
    String.raw`(?:^|[.;,]\s*|\b(?:and|but|later)\s+)(?:the\s+)?(${GROUPS}|[A-Z][\w'-]+(?: [A-Z][\w'-]+){0,4})(?:'s|’s)?(?:\s+\w+){0,3}?\s+(?:has\s+|have\s+|had\s+|later\s+|quickly\s+|subsequently\s+)?claimed(?:\s+responsibility|\s+the attack|\s+the bombing|\s+it)|\bclaimed by\s+(?:the\s+)?(${GROUPS}|[A-Z][\w'-]+(?: [A-Z][\w'-]+){0,3})|\b(${GROUPS})\s+(?:said|announced|stated) (?:that )?it (?:had )?(?:carried out|was behind|conducted)`,
  );
  const c = claimed.exec(body);
  if (c)
    return {
      attribution: 'claimed',
      perpetrator: namedGroup(cleanGroup(c[1] ?? c[2] ?? c[3]!), body),
    };
  const s = suspectedRe.exec(body);
  if (s)
    return { attribution: 'suspected', perpetrator: cleanGroup(s[1] ?? s[2] ?? s[3] ?? s[4]!) };
  // A group as the doer ("ISIS operatives attacked", "Boko Haram fighters ambushed"): named, not claimed.
  const actor = new RegExp(
    String.raw`\b(${GROUPS})(?:'s|’s)?(?:\s+(?:operatives|fighters|militants|squads|snipers|gunmen|members|cells?|elements|insurgents|jihadists|suicide bombers?))?\s+(?:\w+\s+)?(?:attacked|ambushed|raided|stormed|fired|exchanged|detonated|activated|planted|abducted|kidnapped|killed|executed|beheaded|shot|targeted|launched|carried out|overran|seized|struck|hit|shelled|opened fire)\b`,
  );
  const a = actor.exec(body);
  if (a) return { attribution: 'suspected', perpetrator: cleanGroup(a[1]!) };
  return { attribution: 'unknown', perpetrator: null };
}

/** "The group claimed responsibility": the group the passage named before, if any. */
function namedGroup(who: string, body: string): string | null {
  if (!/^(the|it|they|group|militants|insurgents|jihadists|organi[sz]ation)$/i.test(who))
    return who;
  const g = new RegExp(String.raw`\b(${GROUPS})\b`).exec(body);
  return g ? cleanGroup(g[1]!) : null;
}

function cleanGroup(g: string): string {
  return g
    .replace(/(['’]s)$/, '')
    .replace(/^the\s+/i, '')
    .trim();
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

/** The victims' count named with the attack ("two Iraqi soldiers were targeted"), for "They were both killed". */
function victimsAntecedent(body: string): number | null {
  const m =
    /^(?:On\s+[^,]+,\s*(?:\d{4},\s*)?)?([^,.;]*?)\s+(?:was|were)\s+(?:\w+\s+)?(?:targeted|attacked|ambushed|shot|hit|fired upon)\b/i.exec(
      body,
    );
  if (m) return countPeople(m[1]!);
  const a =
    /\b(?:against|attacked|ambushed|fired (?:\w+ )?(?:at|on))\s+((?:two|three|four|five|six|\d+)\s+[\w -]+?)(?=[,.;]| in | near | about )/i.exec(
      body,
    );
  return a ? countPeople(a[1]!) : null;
}

/** A passage that reports no violent event (infographics, videos, analysis) is not an incident. */
function isIncident(body: string, hasDate: boolean): boolean {
  if (
    /\b(infographic|released a video|published (?:a|an)|feature article|summing up|the study|according to the study|the article|weekly published)\b/i.test(
      body,
    )
  )
    return false;
  if (
    /\b\d{2,}\s+attacks\b|\battacks per month\b|\ba total of\b|\bin (?:those|these|the) attacks\b|\d,\d{3} (?:people|attacks)/i.test(
      body,
    )
  )
    return false;
  const violent =
    classifyAttack(body) !== null ||
    /\b(killed|killing|wounded|wounding|injured|injuring|dead|died|explosion|blast)\b/i.test(body);
  return (
    violent &&
    (hasDate ||
      /\b(killed|killing|wounded|wounding|injured|injuring|dead|died|kidnapped|abducted)\b/i.test(
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
): Incident | null {
  const { sources, body } = citedSources(passage);
  const firstSentence = sentences(body)[0] ?? body;
  const { date, precision } = passageDate(firstSentence, ref, refExplicit);
  const dated = date ? { date, precision } : passageDate(body, ref, refExplicit);
  if (!isIncident(body, dated.date !== null)) return null;

  // Countries the passage itself points to ("Nigerian army", "in Syria") come before the heading's.
  const local = new PassageContext(ctx, body);
  const geo = locate(body, local);

  const attackType = classifyAttack(firstSentence) ?? classifyAttack(body);
  const claim = attribution(body.replace(/\s*\([^()]*\)/g, ''));
  const tgt = target(body);
  const countSentences = sentences(body).filter(
    (s) =>
      !/^according to (?:isis|the islamic state|the group|the organi[sz]ation|its claim)|\bclaimed[^.]*\b(?:stating|saying|adding) that\b|^(?:isis|the islamic state|the group) (?:said|claimed|stated)\b/i.test(
        s,
      ),
  );
  const cas = extractCasualties(countSentences, victimsAntecedent(body));
  const types = acledTypesFor(attackType, { civilianTarget: tgt ? CIVILIAN.test(tgt) : false });
  let admin1 = geo.admin1;
  if (
    !admin1 &&
    ctx.admin1Code &&
    (!geo.country_code || ctx.admin1Code.startsWith(`${geo.country_code}.`))
  )
    admin1 = admin1ByCode(ctx.admin1Code)?.name ?? null;
  const countryCode = geo.country_code ?? local.countries[0] ?? null;
  const confidence =
    0.35 +
    (dated.date ? (dated.precision === 'day' ? 0.2 : 0.1) : 0) +
    0.25 * geo.certainty +
    (attackType ? 0.1 : 0) +
    (cas.killed !== null || cas.wounded !== null || cas.casualties_total !== null ? 0.1 : 0);
  const cited = sources.length ? sources : sourceName ? [{ name: sourceName, date: null }] : [];
  return {
    id: stableId('inc', passage),
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
  };
}

/** The heading's context, with countries the passage names itself put first. */
class PassageContext implements GeoContext {
  countries: string[];
  admin1Code: string | null;
  constructor(outer: GeoContext, body: string) {
    const own: string[] = [];
    // Countries named outright ("on the border between Niger and Nigeria").
    for (const m of body.matchAll(/\b([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b/g)) {
      const c = lookupCountry(m[1]!);
      if (c && c.name.startsWith(m[1]!.split(' ')[0]!) && !own.includes(c.code)) own.push(c.code);
    }
    for (const m of body.matchAll(
      /\b([A-Z][a-z]+(?:ese|ian|ean|an|i|ish)?)\b(?=\s+(?:army|soldiers?|forces|police|troops|security|government|military|officer|policemen|border|National|air force|aircraft|villages?|town|city|capital))|\bin\s+([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b/g,
    )) {
      const c = lookupCountry(m[1] ?? m[2]!);
      if (c && !own.includes(c.code)) own.push(c.code);
    }
    // Foreign forces ("Russian aircraft", "Iranian commander") do not move the place abroad.
    const inner = own.filter(
      (c) =>
        outer.countries.length === 0 ||
        outer.countries.includes(c) ||
        !/^(RU|US|IR|TR|FR|GB)$/.test(c),
    );
    this.countries = [...new Set([...outer.countries.slice(0, 1), ...inner, ...outer.countries])];
    if (outer.countries.length === 0) this.countries = [...new Set([...inner])];
    this.admin1Code =
      outer.admin1Code && this.countries[0] && outer.admin1Code.startsWith(`${this.countries[0]}.`)
        ? outer.admin1Code
        : null;
  }
}
