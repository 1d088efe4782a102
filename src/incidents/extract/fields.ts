/**
 * The fields of one incident read from its sentences: who acted (a militant attack or a
 * security-force action), the casualties as the conventions count them, the attack type,
 * the attribution and the perpetrator normalised to an actor, and the date; each with the
 * span of text it came from and a confidence. extract.ts calls `readIncident` once per
 * incident a passage describes (segment.ts cuts them).
 */
import * as chrono from 'chrono-node/en';
import { wordNumber } from '../../core/numbers.ts';
import { findActors, normaliseActor, type Actor } from '../actors.ts';
import { classifyIncident } from '../attack-type.ts';
import type { AttackType, Incident } from '../schema.ts';
import {
  cleanForCounts,
  combineCasualties,
  isAttackerNP,
  isForceNP,
  readCasualtyMentions,
  zeroCasualties,
  type PassageMention,
} from './counts.ts';
import type { IncidentGroup } from './segment.ts';

export interface Evidence {
  field: string;
  /** Character offsets [start, end) in the passage text given to `readIncident`. */
  start: number;
  end: number;
  text: string;
  confidence: number;
}

export interface IncidentReading {
  killed: number | null;
  wounded: number | null;
  casualties_total: number | null;
  attack_type: AttackType | null;
  attribution: Incident['attribution'];
  perpetrator: string | null;
  actor: Actor | null;
  /** A security-force action (raid, operation, airstrike) rather than a militant attack. */
  force: boolean;
  date: string | null;
  date_precision: Incident['date_precision'];
  evidence: Evidence[];
  notes: string[];
}

const FORCE = String.raw`(?:troops|army|soldiers|(?:security|armed|government|coalition|joint|special|Rwandan|Iraqi|Nigerian|Syrian|Afghan|Pakistani|Egyptian|Malian|Burkinabe|Cameroonian|Chadian|Nigerien|Mozambican|Congolese|Ugandan|US|U\.S\.|American|French|Turkish|Kurdish|Taliban)\s+forces|forces|police(?: forces)?|military|warplanes|jets|aircraft|air force|Counter[- ]Terrorism Service|CTS|SDF|Syrian Democratic Forces|coalition|Peshmerga|gendarmes?|gendarmerie|FARDC|UPDF|MNJTF|FAMa|commandos|Multinational Joint Task Force|Hashd|PMF|PMU|Popular Mobili[sz]ation (?:Units|Forces)|Asayish|Operation [A-Z][\w ]+|the group['’]s forces)`;
const TARGETS = String.raw`(?:(?:ADF|ISWAP|ISIS|IS|JNIM|Boko Haram|ISKP|TTP|al-Shabaab) group|terrorists?|militants?|insurgents?|rebels?|jihadists?|operatives?|fighters|members|elements|cells?|hideouts?|khwarij|kharijites?|bandits|gangs|commanders?|suspects|den|positions)`;
const FORCE_ACT = new RegExp(
  String.raw`\b(${FORCE})\b[^.;]{0,90}?\b(?:kill(?:s|ed)?|eliminat(?:e|es|ed)|neutrali[sz](?:e|es|ed)|dismantl(?:e|es|ed|ing)|raid(?:s|ed)?|storm(?:s|ed)|strikes?|struck|bombed|arrest(?:s|ed)|captur(?:e|es|ed)|conducted|carried out|launched|engaged|got in contact with|came into contact with)\b[^.;]{0,60}?\b${TARGETS}\b`,
  'i',
);
const FORCE_NOUN =
  /\b(?:police|security|military|army|counter-?terror(?:ism)?|intelligence-based|clearance|special|helicopter-borne|joint|search|mopping-up|combing) (?:raid|operation|assault|sweep|offensive)\b|\b(?:air ?strikes?|drone strikes?)\b(?=[^.]{0,80}\b(?:against|on|targeting)\b)|\bdismantl\w* (?:a |an |the )?(?:hideout|cell|den|network|base)|\bIBO\b/i;
const MILITANT_ACT = new RegExp(
  String.raw`\b(?:militants?|jihadists?|terrorists?|insurgents?|gunmen|rebels|assailants|attackers|fighters|suicide bombers?|bombers?|armed men|cells)\b[^.;]{0,40}?\b(?:attack(?:s|ed)?|ambush(?:es|ed)?|raid(?:s|ed)?|storm(?:s|ed)|kill(?:s|ed)?|stormed|detonated|abduct(?:s|ed)|kidnap(?:s|ped)?|overran|targeted|shot|fired)\b|\b(?:attack|ambush|bombing|assault|raid) (?:by|of) (?:suspected |alleged )?(?:\w+ ){0,3}?(?:militants|jihadists|terrorists|insurgents|gunmen|rebels|fighters)\b|\b(?:suicide|roadside|car) bomb|\bIED\b|\bexplosion\b`,
  'i',
);

const FORCE_ACT_ALL = new RegExp(FORCE_ACT.source, 'gi');
const MILITANT_ACT_ALL = new RegExp(MILITANT_ACT.source, 'gi');

/** Does the incident's opening describe a security-force action against militants? */
export function forceAgent(head: string): { force: boolean; agent: string | null } {
  // The force must act ("troops killed six militants"), not suffer ("soldiers were killed").
  const f = [...head.matchAll(FORCE_ACT_ALL)].find(
    (m) =>
      !/\b(?:were|was|been|being|are|is)\s+(?:\w+\s+)?(?:kill|eliminat|neutrali|dismantl|raid|storm|strike|struck|bomb|arrest|captur)\w*/i.test(
        m[0],
      ) &&
      !/\b(?:against|on|attacked|ambushed|targeted)\s+(?:the\s+)?(?:\w+\s+)?$/i.test(
        head.slice(Math.max(0, m.index! - 30), m.index!),
      ),
  );
  const n = FORCE_NOUN.exec(head);
  let at = Math.min(f?.index ?? Infinity, n?.index ?? Infinity);
  // Named groups acting ("ISWAP fighters attacked") count as militants too.
  let mil =
    [...head.matchAll(MILITANT_ACT_ALL)].find(
      (m) =>
        !/\b(?:were|was|been|being|are|is)\s+(?:\w+\s+)?(?:attack|ambush|raid|storm|kill|detonat|abduct|kidnap|targeted|shot|fired)\w*\s*$/i.test(
          m[0],
        ),
    )?.index ?? Infinity;
  for (const a of findActors(head)) {
    const after = head.slice(a.end, a.end + 60);
    if (
      a.actor.id !== 'taliban' &&
      /^(?:['’]s)?\s+(?:\w+\s+){0,3}?(?:attack(?:s|ed)?|ambush(?:es|ed)?|raid(?:s|ed)?|storm(?:s|ed)|kill(?:s|ed)?|detonated|claimed|claims)\b/i.test(
        after,
      )
    )
      mil = Math.min(mil, a.start);
  }
  if (at === Infinity || mil < at) return { force: false, agent: null };
  at = Math.min(at, mil);
  return { force: true, agent: f ? f[1]!.replace(/^the\s+/i, '') : null };
}

const CLAIM_POS =
  /\bclaim(?:s|ed|ing)?\s+(?:(?:on|late on|early on|in|late)\s+\w+\s+|officially\s+|\w+day\s+)?(?:official\s+)?(?:responsibility|credit|the\s+(?:attack|attacks|bombing|bombings|killing|killings|operation|operations|assault|explosion|blast|ambush|raid)|it|that|to have|these|those|(?:two|three|four|five|\d+)\s+(?:attacks|operations))\b|\bofficially claim|\bclaimed by\b|\b(?:said|says|stated|announced|claimed|claims) (?:that )?it (?:had )?(?:killed|attacked|destroyed|shot|targeted|detonated|ambushed|bombed|downed)\b|\b(?:said|says|stated|announced|admitted) (?:that )?it (?:had )?(?:carried out|was behind|conducted|staged|launched|executed|perpetrated)\b|\btook credit\b|\b(?:Amaq|Aamaq|A['’]maq|Nashir|al-Naba['’]?a?|Al-Nabaa)\b[^.]{0,80}?\b(?:said|says|stated|states|reported|reports|revealed|published|announced|claimed|circulated)\b|\baccording to (?:the )?(?:[\w'’-]+\s+){0,5}?(?:Amaq|Aamaq|the message|its claim|the group['’]s statement)\b|\b(?:militant|terrorist|jihadist) group (?:said|says|stated) in a statement\b|\bpublished a statement boasting\b|\bboasting of\b|\bin a statement (?:issued|published|released) (?:through|by|on) (?:its|the group)/i;
const CLAIM_NEG =
  /\bno (?:immediate )?claims? (?:of|for) responsibility\b|\bno (?:group|one|organi[sz]ation|party|faction|militant group)\b[^.]{0,40}?\bclaimed\b|\b(?:nobody|none)\b[^.]{0,30}?\bclaimed\b|\b(?:has|have|had) not (?:yet |so far )?(?:been )?claimed\b|\bno immediate claims?\b|\bunclaimed\b|\bwithout (?:any )?claim\b|\belicited no\b[^.]{0,30}\bclaims?\b/i;
const NOT_A_CLAIM =
  /\bclaim(?:ed|ing|s)? the lives?\b|\bclaiming to (?:support|be)\b|\bclaimed to be\b/gi;
const SUSPECT =
  /\b(?:suspected|presumed|alleged(?:ly)?|believed to (?:be|have been)|thought to be|said to be|most likely|probably|likely|apparently|bore the hallmarks|bears the hallmarks|blamed|blaming|suspicions?)\b/i;

/** The perpetrators' own voice: where a sentence starts restating their claim. */
function claimVoiceFrom(s: string): number {
  const patterns = [
    /^(?:["“]?\s*)?according to (?:the )?(?:[\w'’-]+\s+){0,6}?(?:Amaq|Aamaq|A['’]maq|al-Naba\w*|the message|the group|the militants|the claim|its claim|the statement|the jihadists|ISIS|IS|the Islamic State|Islamic State)\b/i,
    /[”"],?\s+(?:(?:the|a)\s+)?(?:militant|terrorist|jihadist|extremist)?\s*group\s+(?:said|says|claimed|added)\b/i,
  ];
  for (const p of patterns) if (p.test(s)) return 0;
  const inner =
    /\b(?:claim(?:s|ed|ing)?|said|says|states|stated|announced|boast(?:s|ed|ing)?)\s+(?:on \w+ |\w+day )?(?:in a statement\s+)?(?:that\s+)?(?:it|its (?:fighters|members|militants|soldiers)|they|their fighters)\b|\bclaiming to have\b|\bboasting of\b|\b(?:Amaq|Aamaq|A['’]maq|Nashir|al-Naba\w*)\b[^.]{0,60}?\b(?:said|says|stated|states|reported|revealed|claimed)\b/i.exec(
      s,
    );
  if (!inner) return -1;
  // "X said it killed" counts only when X is the group (not "the army said it killed").
  const before = s.slice(Math.max(0, inner.index - 60), inner.index);
  if (
    /\b(?:army|military|police|ministry|spokesman|spokesperson|officials?|government|forces|source)\b[^.]{0,20}$/i.test(
      before,
    )
  )
    return -1;
  return inner.index;
}

const DENIED =
  /\b(?:denied|denies|deny|no such (?:incident|attack)|could not (?:confirm|verify)|refuted|dismissed (?:the|these) claims?|false claims?|exaggerated)\b/i;
const OTHER_INCIDENTS =
  /\bin incidents other than\b|(?<!^)\bin (?:unrelated|separate|other) incidents\b/i;

/** Groups named in ways that do not make them the doer ("the coalition to defeat ISIS"). */
const NOT_DOER_BEFORE =
  /(?:defeat|against|anti-|fight(?:ing)?|war on|counter|formerly known as|pledged (?:alliance|allegiance) to|loyal to|linked to|affiliated (?:with|to)|ally of|allied to|in connection with|coincides with|escalating)\s*(?:the\s+)?$/i;

/**
 * Reads one incident. `text` is the passage, `group` the incident's sentences in it;
 * offsets of the evidence are in `text`.
 */
export function readIncident(
  text: string,
  group: IncidentGroup,
  opts: { ref: Date | null; refExplicit: boolean; country?: string | null; isMain: boolean },
): IncidentReading {
  const evidence: Evidence[] = [];
  const notes: string[] = [];
  const sents = group.sentences;
  const joined = sents.map((s) => s.text).join(' ');
  const head = sents
    .slice(0, 2)
    .map((s) => s.text)
    .join(' ');
  const { force, agent } = forceAgent(head);
  // Only the doers' own group makes a casualty an attacker ("a Taliban member" is a victim of an IED).
  const doerText = attributionOf(joined, false, null).perpetrator;
  const actorsHere = doerText ? findActors(doerText) : [];
  const groupRe = actorsHere.length
    ? new RegExp(
        actorsHere.map((a) => a.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
        'i',
      )
    : null;
  const exclude = force ? (np: string) => isForceNP(np) : (np: string) => isAttackerNP(np, groupRe);

  // Casualties, sentence by sentence, in the report's voice or the claim's.
  const denied = DENIED.test(joined);
  const mentions: PassageMention[] = [];
  let attackersAmongDead: number | null = null;
  let attackerDeaths = 0;
  const readable = readableSentences(sents.map((s) => s.text));
  sents.forEach((sp, i) => {
    if (OTHER_INCIDENTS.test(sp.text)) return;
    const clean = cleanForCounts(readable[i]!);
    const from = claimVoiceFrom(clean);
    for (const m of readCasualtyMentions(clean, { exclude })) {
      if (m.excluded && m.outcome === 'killed' && m.excludedN) attackerDeaths += m.excludedN;
      mentions.push({
        ...m,
        start: m.start + sp.start,
        end: m.end + sp.start,
        sentence: i,
        claim: from >= 0 && m.start >= from,
        aggregate: group.aggregate[i] ?? false,
      });
    }
    const inc =
      /\b(?:fatalities|dead|death toll|those killed|victims|deceased)\s+(?:include|included|including|includes)\s+((?:\w+\s+){0,3}?(?:suicide )?(?:bombers?|attackers?|militants?|assailants?|terrorists?|gunmen))\b/i.exec(
        clean,
      );
    if (inc) {
      const n = /\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b/i.exec(inc[1]!);
      if (n) attackersAmongDead = wordNum(n[1]!);
    }
  });
  // "At least two people were killed … one civilian was killed … one of the bombers died":
  // a generic toll that counts the attackers gives way to the victims' own figure.
  const zero = zeroCasualties(joined);
  let c = combineCasualties(mentions, { denied, ...zero, attackersAmongDead });
  if (attackerDeaths > 0 && c.from.killed.length === 1 && !attackersAmongDead) {
    const first = c.from.killed[0]!;
    const later = mentions.find(
      (m) =>
        m.outcome === 'killed' &&
        m.sentence > first.sentence &&
        !m.excluded &&
        !m.claim &&
        m.n !== null &&
        first.n !== null &&
        m.n < first.n &&
        /\b(?:people|persons|lives)\b/i.test(first.np) &&
        !/\b(?:people|persons)\b/i.test(m.np),
    );
    if (later) {
      c = combineCasualties(
        mentions.filter((m) => m !== first),
        { denied, ...zero },
      );
      notes.push(`killed: ${first.n} reported, attackers included`);
    }
  }
  notes.push(...c.notes);
  for (const [field, ms] of [
    ['killed', c.from.killed],
    ['wounded', c.from.wounded],
    ['casualties_total', c.from.casualties_total],
  ] as const)
    for (const m of ms)
      evidence.push({
        field,
        start: m.start,
        end: m.end,
        text: text.slice(m.start, m.end),
        confidence: round(
          0.9 - (m.claim ? 0.25 : 0) - (m.aggregate ? 0.3 : 0) - (ms.length > 1 ? 0.1 : 0),
        ),
      });

  // Attack type.
  const attack_type = classifyIncident(readable, {
    aggregate: group.aggregate,
    force,
    killed: c.killed,
  });
  if (attack_type) {
    const cue = attackCue(joined, attack_type, force);
    if (cue) {
      const start = sents[0]!.start + cue.index;
      evidence.push({
        field: 'attack_type',
        start,
        end: start + cue.text.length,
        text: cue.text,
        confidence: force ? 0.7 : 0.8,
      });
    }
  }

  // Attribution and the perpetrator.
  const att = attributionOf(joined, force, agent);
  for (const e of att.evidence)
    evidence.push({ ...e, start: e.start + sents[0]!.start, end: e.end + sents[0]!.start });
  const actor = force ? null : normaliseActor(att.perpetrator, { country: opts.country ?? null });

  // Date.
  const dated = incidentDate(readable, opts.ref, opts.refExplicit);
  if (dated.evidence) {
    const sp = sents[dated.evidence.sentence]!;
    const idx = text.indexOf(dated.evidence.text, sp.start);
    if (idx >= 0)
      evidence.push({
        field: 'date',
        start: idx,
        end: idx + dated.evidence.text.length,
        text: dated.evidence.text,
        confidence: dated.precision === 'day' ? 0.85 : 0.6,
      });
  }

  return {
    killed: c.killed,
    wounded: c.wounded,
    casualties_total: c.casualties_total,
    attack_type,
    attribution: att.attribution,
    perpetrator: att.perpetrator,
    actor,
    force,
    date: dated.date,
    date_precision: dated.precision,
    evidence: evidence.sort((a, b) => a.start - b.start),
    notes,
  };
}

function round(x: number): number {
  return Math.round(Math.max(0, Math.min(1, x)) * 100) / 100;
}

function wordNum(w: string): number {
  return wordNumber(w) ?? Number(w);
}

const CREDIT = /^[A-Z]{2,}(?:-[A-Z]{2,})*\/[A-Z][A-Za-z]+(?:\s+[A-Z]{2,})*\s*/;

/** The sentences as read: a photo caption (before its "AGENCY/NAME" credit) blanked, the credit cut off the next sentence, the dateline blanked. */
export function readableSentences(texts: string[]): string[] {
  const out = texts.map((t, i) => {
    const next = texts[i + 1] ?? '';
    if (CREDIT.test(next) && /\d{4}\.?$/.test(t)) return ' '.repeat(t.length);
    const c = CREDIT.exec(t);
    return c ? ' '.repeat(c[0].length) + t.slice(c[0].length) : t;
  });
  if (out[0]) {
    const dl = DATELINE.exec(out[0]);
    if (dl) out[0] = ' '.repeat(dl[0].length) + out[0].slice(dl[0].length);
  }
  return out;
}

const CUES: Partial<Record<AttackType, RegExp>> = {
  vehicle_bomb:
    /car[- ]bomb\w*|vbied|vehicle[- ]borne[\w ]*|booby[- ]trapped (?:\w+ )?\w+|suicide (?:car|vehicle|truck)s?[\w ]{0,25}|truck bomb/i,
  suicide_bombing:
    /suicide [a-z]+|blew (?:himself|herself|themselves) up|explosive (?:vest|belt)|strapped with explosives|would-be bombers/i,
  airstrike: /air ?strikes?|drone strikes?|warplanes?|air raids?/i,
  kidnapping: /kidnap\w*|abduct\w*|hostages?/i,
  ambush: /ambush\w*|convoy|patrol|bus|vehicle/i,
  ied: /\bieds?\b|improvised explosive[\w ]*|roadside [a-z]+|explosive (?:device|charge)s?|(?:land)?mines?|bombs?|explosions?|blast/i,
  sniper: /snipers?/i,
  targeted_killing: /assassinat\w*|shot (?:him|her|the \w+) in the head/i,
  rocket_mortar: /rockets?|mortars?|shells?|shelling|artillery|missiles?/i,
  arson_sabotage: /set (?:on )?fire|set ablaze|burn\w* (?:down )?[a-z]+|torched|arson/i,
  armed_assault:
    /gunfire|gunmen|machine[- ]?guns?|opened fire|fired (?:at|on|upon)|shooting|shot|clash\w*|raid\w*|storm\w*|assault\w*|machetes?|behead\w*|armed [a-z]+|killed|attack\w*/i,
  arrest_raid: /raid\w*|operation|arrest\w*|hideout|dismantl\w*|eliminat\w*|killed/i,
};

function attackCue(
  text: string,
  type: AttackType,
  _force: boolean,
): { index: number; text: string } | null {
  const re = CUES[type];
  const m = re ? re.exec(text) : null;
  return m ? { index: m.index, text: m[0] } : null;
}

interface Attribution {
  attribution: Incident['attribution'];
  perpetrator: string | null;
  evidence: Evidence[];
}

/**
 * Claimed, suspected or unknown, following the conventions: a group's claim (also through
 * Amaq, a statement, "claimed by") is claimed, even alongside "suspected X fighters" as the
 * doers; "no claim", "suspected", "believed to be", "blamed", "bore the hallmarks" are
 * suspected when a group is named and unknown when none is; a group named as the doer
 * without a claim is suspected. A security force acting is no claim.
 */
export function attributionOf(text: string, force: boolean, agent: string | null): Attribution {
  const evidence: Evidence[] = [];
  if (force) {
    return { attribution: 'unknown', perpetrator: agent, evidence };
  }
  const masked = text.replace(NOT_A_CLAIM, (m) => '_'.repeat(m.length));
  const neg = CLAIM_NEG.exec(masked);
  const pos = CLAIM_POS.exec(masked.replace(CLAIM_NEG, (m) => '_'.repeat(m.length)));
  const mentions = findActors(text).filter(
    (a) =>
      !NOT_DOER_BEFORE.test(text.slice(Math.max(0, a.start - 40), a.start)) &&
      !/^-(?:run|linked|affiliated)/i.test(text.slice(a.end, a.end + 12)),
  );
  const doer = mentions[0] ?? null;
  if (pos) {
    // The group that claimed: named just before the claim, or after "claimed by".
    const near = mentions.filter(
      (a) => a.end <= pos.index + pos[0].length + 40 && a.start >= pos.index - 120,
    );
    const claimant = /claimed by/i.test(pos[0])
      ? (mentions.find((a) => a.start > pos.index) ?? doer)
      : (near[near.length - 1] ?? doer);
    // "Suspected ADF fighters … claimed by the Islamic State": the doers are named.
    const who =
      doer && claimant && doer.actor.parent === claimant.actor.id ? doer : (claimant ?? doer);
    evidence.push({
      field: 'attribution',
      start: pos.index,
      end: pos.index + pos[0].length,
      text: pos[0],
      confidence: 0.85,
    });
    if (who)
      evidence.push({
        field: 'perpetrator',
        start: who.start,
        end: who.end,
        text: who.text,
        confidence: 0.8,
      });
    return { attribution: 'claimed', perpetrator: who?.text ?? null, evidence };
  }
  const sus = SUSPECT.exec(text);
  if (neg || sus) {
    const cue = neg ?? sus!;
    evidence.push({
      field: 'attribution',
      start: cue.index,
      end: cue.index + cue[0].length,
      text: cue[0],
      confidence: 0.75,
    });
  }
  if (doer) {
    evidence.push({
      field: 'perpetrator',
      start: doer.start,
      end: doer.end,
      text: doer.text,
      // A doer named after a denial or a "suspected" is read with a little less trust.
      confidence: neg || sus ? 0.6 : 0.65,
    });
    return { attribution: 'suspected', perpetrator: doer.text, evidence };
  }
  return { attribution: 'unknown', perpetrator: null, evidence };
}

const MONTHS =
  'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';
/** Datelines: "ISLAMABAD, July 31 (EFE).-", "CAIRO – 4 February 2019:", "2017-10-30 Nigeria (DailyPost)". */
export const DATELINE = new RegExp(
  String.raw`^(?:\d{4}-\d{2}-\d{2}\b[^.]{0,40}?\)|[A-Z][A-Za-z .'’-]{1,40}?(?:,\s*[A-Z][\w ()]{1,30})?\s*(?:\([^)]{1,30}\))?\s*[,–—-]?\s*(?:(?:${MONTHS})\.?\s+\d{1,2}|\d{1,2}\s+(?:${MONTHS})\.?)(?:,?\s+\d{4})?(?:\s*\([^)]{1,30}\)\s*(?:[:.–—-]+\s*)*|\s*(?:[:.–—-]+\s*)+)|(?:${MONTHS})\.?\s+\d{1,2},?\s+\d{4}\.?\s*$|\d{1,2}\s+(?:${MONTHS})\.?\s+\d{4}\.?\s*$)`,
);
const REPORT_BEFORE =
  /\b(?:said|says|say|told|tells|announced|announces|reported|reports|stated|states|added|claimed|claims|mentioned|confirmed|revealed|published|tweeted|posted|released|issued|updated|statement|tweet|issue of|wrote|rose to \d+|rises to \d+|climbed to \d+|reached \d+|accused|speaking|quoted)\b[^.;:“"]{0,22}$/i;
const REPORT_AFTER =
  /^[^\w,]{0,3}(?:\w+\s+){0,1}(?:claimed|said|announced|reported|told|issued|confirmed|stated)\b/i;

/**
 * The incident's day: the first date of the incident's sentences that is not the report's
 * or the claim's day ("said on Thursday", "claimed … on Saturday", "told AFP on Monday"),
 * nor a dateline, nor a photo caption; read by chrono against the document date. A day
 * and month without a year gives no date, unless a weekday in the same words agrees with
 * the document date; relative days need the document date.
 */
export function incidentDate(
  sentences: string[],
  ref: Date | null,
  refExplicit: boolean,
): {
  date: string | null;
  precision: Incident['date_precision'];
  evidence?: { sentence: number; text: string };
} {
  for (let si = 0; si < sentences.length; si++) {
    let s = sentences[si]!;
    const dl = DATELINE.exec(s);
    if (dl) s = ' '.repeat(dl[0].length) + s.slice(dl[0].length);
    const text = s.replace(/\b(morning|evening|night|afternoon|early hours) of\s+/gi, (m) =>
      ' '.repeat(m.length),
    );
    const results = chrono.parse(text, ref ? { instant: ref, timezone: 'UTC' } : undefined, {
      forwardDate: false,
    });
    for (const r of results) {
      if (
        /^(for|about|within|over)\b|\b\d+\s+(months|weeks|years)\b(?! ago)|^\w+ (months|weeks|years)$/i.test(
          r.text,
        )
      )
        continue;
      if (
        /\b(for|after|within|since)\s+(about\s+)?$/i.test(
          text.slice(Math.max(0, r.index - 12), r.index),
        )
      )
        continue;
      if (
        !r.start.isCertain('day') &&
        !r.start.isCertain('weekday') &&
        !r.start.isCertain('month') &&
        /\d{1,2}(?::\d{2}|\s*[ap]\.?m)|noon|midnight|hrs/i.test(r.text)
      )
        continue;
      const before = text.slice(Math.max(0, r.index - 40), r.index);
      const after =
        (/,\s*$/.test(r.text) ? ',' : '') +
        text.slice(r.index + r.text.length, r.index + r.text.length + 30);
      if (REPORT_BEFORE.test(before) || REPORT_AFTER.test(after)) continue;
      if (/^\s*(?:,\s*)?(?:in a statement|statement)/i.test(after)) continue;
      const st = r.start;
      const explicitYear = st.isCertain('year');
      const relative =
        !st.isCertain('month') ||
        /\b(yesterday|today|tonight|ago|last|this|past|earlier|previous)\b/i.test(r.text);
      if (!ref && !explicitYear) continue;
      if (relative && !refExplicit) continue;
      let d = st.date();
      if (
        st.isCertain('weekday') &&
        !st.isCertain('day') &&
        ref &&
        d.getTime() > ref.getTime() + 12 * 3600e3
      )
        d = new Date(d.getTime() - 7 * 86400e3);
      // A day and month without a year: only when its weekday agrees with the document date.
      if (!explicitYear && st.isCertain('day') && st.isCertain('month')) {
        if (!st.isCertain('weekday') || !ref || !refExplicit) continue;
        const wd = st.get('weekday')!;
        const back = (ref.getUTCDay() - wd + 7) % 7;
        const resolved = new Date(
          Date.UTC(ref.getUTCFullYear(), ref.getUTCMonth(), ref.getUTCDate() - back),
        );
        if (
          resolved.getUTCMonth() + 1 !== st.get('month') ||
          resolved.getUTCDate() !== st.get('day')
        )
          continue;
        d = resolved;
      }
      const iso = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))
        .toISOString()
        .slice(0, 10);
      let precision: Incident['date_precision'] = 'day';
      if (/\bweek\b/i.test(r.text)) precision = 'week';
      else if (
        /\bmonth\b/i.test(r.text) ||
        (!st.isCertain('day') && !st.isCertain('weekday') && st.isCertain('month'))
      )
        precision = 'month';
      else if (!st.isCertain('day') && !st.isCertain('weekday') && !st.isCertain('month'))
        precision = 'year';
      const evidence = { sentence: si, text: r.text };
      if (precision === 'month') return { date: iso.slice(0, 8) + '01', precision, evidence };
      return { date: iso, precision, evidence };
    }
  }
  return { date: null, precision: 'unknown' };
}
