/**
 * Casualty counts in bulletin and news wording, read as the conventions say
 * (src/incidents/README.md): victims only, groups summed ("an officer and 14 soldiers",
 * "nine soldiers, two policemen and civilians" gives 11 as a floor), "at least N" / "about
 * N" / "no fewer than N" give N, vague words ("several", "dozens", "scores", "a number
 * of") give null, never 0, "killed or wounded" is a total whose split is unknown, an
 * explicit "no casualties" is 0, missing and abducted people are not counted.
 *
 * The grammar has five shapes, each with its character span in the sentence:
 *   passive      "Four soldiers were (reportedly) killed", "12 Farmers Killed" (headlines),
 *                "N others were also said to have sustained injuries"
 *   active       "killing three members", "eliminated 17 terrorists", "shot dead three
 *                youths", "claimed the lives of two soldiers", "leaving 11 dead"
 *   nominal      "the deaths of two of our personnel and the injury of two others"
 *   intransitive "Thirteen people have died", "34 lives were lost", "lost their lives"
 *   tallies      "14 dead, five wounded", "the death toll rose to 54", "15 casualties"
 * `readCasualtyMentions` finds them in one sentence; `combineCasualties` decides what a
 * passage says: the first figure stated in the report's own voice (the lead), plus what a
 * later sentence adds explicitly ("A civilian was also killed"); the perpetrators' claimed
 * figure only when no other is given, and never when the claim is denied; a total given for
 * several incidents at once only when no incident's own figure is given.
 */

import { numberWords, TENS, UNITS, wordNumber } from '../../core/numbers.ts';

/** Number words for a count: the shared table, zero, and the words that count people ("a lone gunman", "both", "a pair"). */
const SMALL = numberWords({
  zero: 0,
  a: 1,
  an: 1,
  single: 1,
  lone: 1,
  both: 2,
  pair: 2,
});
/** Number words a count can start with (longest first for the regexes). */
const NUMBER_WORDS = Object.keys(SMALL)
  .filter((k) => !/^(a|an|single|lone|pair|both)$/.test(k))
  .sort((a, b) => b.length - a.length)
  .join('|');
const NUM = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+|(?:${TENS})[- ](?:${UNITS})|${NUMBER_WORDS})`;
/** What may come before a number: "at least", "no fewer than", "another", "a further". */
const PREFIX = String.raw`(?:(?:at least|at the very least|no fewer than|not fewer than|no less than|not less than|more than|over|up to|about|around|approximately|roughly|some|nearly|almost|close to|as many as|an estimated|a total of|another|a further|an additional|additional|the remaining|the other|all|all of the|the)\s+)`;

/** Vague quantities: no number (the conventions code them null, never 0). */
const VAGUE =
  /^(?:several|many|some|numerous|others?|few|a few|a number of|various|all|unknown|dozens|a dozen|dozen|more than a dozen|over a dozen|scores|hundreds|thousands|multiple|countless|an unspecified number|an uncertain number|an undetermined number|unspecified|untold|a large number|a handful)\b/;

/** Head nouns that are not people: "the army" or "a village" is no count of one. */
const NOT_PERSON =
  /\b(army|military|police|forces?|group|organi[sz]ation|village|town|city|area|district|checkpoint|base|convoy|vehicles?|car|bus|truck|post|station|camp|houses?|homes?|mosque|church|school|market|attack|bomb|explosion|blast|ambush|raid|operation|number|total|toll|statement|cell|hideout|position|unit|battalion|brigade|department)$/;

/** A number written in digits or words ("14", "1,200", "twenty-one", "a hundred"), or undefined. */
export function numberWord(token: string): number | undefined {
  const t = token.toLowerCase().replace(/,/g, '').trim();
  if (/^\d+$/.test(t)) return Number(t);
  return wordNumber(t, SMALL);
}

export interface CountOptions {
  /** What "they" / "them" refers to, when known. */
  antecedent?: number | null;
  /** A conjunct naming people who are not victims (the attackers, or the acting force). */
  exclude?: (conjunct: string) => boolean;
}

/**
 * The number of people a noun phrase names: "two Iraqi soldiers" 2, "an officer and 14
 * soldiers" 15, "at least 20 people" 20, "no fewer than 6 soldiers" 6, "another 10
 * soldiers" 10, "six of its peacekeepers" 6, "nine soldiers, two policemen and
 * civilians" 11 (the numbered groups, as a floor), "several fighters" / "dozens" / "the
 * passengers" / "others" null. Conjuncts the `exclude` option rejects are left out
 * ("twelve villagers, the young suicide bomber and a terrorist" 12).
 */
export function countPeople(np: string, opts: CountOptions | number | null = {}): number | null {
  const o: CountOptions = typeof opts === 'object' && opts !== null ? opts : { antecedent: opts };
  return countNP(np, o).n;
}

function countNP(np: string, o: CountOptions): { n: number | null; excluded: boolean } {
  let s = np
    .replace(/\([^)]*\)/g, ' ')
    .replace(/["“”]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:and|but|while|whereas|also|then|with)\s+/i, '')
    .replace(/[,;:]+$/, '')
    .trim();
  if (!s) return { n: null, excluded: false };
  const parts = s
    .split(
      /\s*,?\s*\bas well as\s+|\s*,\s*(?:and\s+)?|\s+and\s+(?!wounded|injured|killed)|\s+along with\s+|\s+plus\s+/i,
    )
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length > 1) {
    let total: number | null = null;
    let allExcluded = true;
    for (const p of parts) {
      const r = countNP(p, o);
      if (r.excluded) continue;
      allExcluded = false;
      if (r.n !== null) total = (total ?? 0) + r.n;
    }
    return { n: allExcluded ? null : total, excluded: allExcluded };
  }
  if (o.exclude?.(s)) return { n: null, excluded: true };
  const lower = s.toLowerCase();
  if (/^as many\b/.test(lower)) return { n: null, excluded: false };
  if (VAGUE.test(lower.replace(/^(?:at least|more than|over|about|some|nearly|around)\s+/, '')))
    return { n: null, excluded: false };
  s = lower
    .replace(new RegExp(`^${PREFIX}+`, 'i'), (m) =>
      // "another fighter" is one more; "another 10 soldiers" is ten.
      /\b(another|a further|an additional)\s+$/.test(m) &&
      !new RegExp(`^${NUM}\\b`).test(lower.slice(m.length))
        ? 'one '
        : /^(all|the other|the remaining|the)\s+$/.test(m) &&
            !new RegExp(`^${NUM}\\b`).test(lower.slice(m.length))
          ? m
          : '',
    )
    .trim();
  if (/^(he|she|him|her|another|one more|another one)$/.test(s) || /^(he|she|him|her)\b/.test(s))
    return { n: 1, excluded: false };
  if (/^(they|them)\b/.test(s)) return { n: o.antecedent ?? null, excluded: false };
  if (/^both\b/.test(s)) return { n: 2, excluded: false };
  const words = s.split(/\s+/);
  const first = words[0]!;
  const hyphen = /^([a-z]+)-([a-z]+)$/.exec(first);
  let n = numberWord(first) ?? (hyphen ? numberWord(`${hyphen[1]} ${hyphen[2]}`) : undefined);
  if (n === undefined && words.length > 1) n = numberWord(`${first} ${words[1]}`);
  if (n !== undefined) {
    if (
      (first === 'a' || first === 'an') &&
      /^(dozen|hundred|thousand|number)$/.test(words[1] ?? '')
    )
      return { n: null, excluded: false };
    if ((first === 'a' || first === 'an') && NOT_PERSON.test(words[words.length - 1] ?? ''))
      return { n: null, excluded: false };
    if (/^(hundred|thousand)$/.test(words[1] ?? ''))
      return { n: n * (words[1] === 'hundred' ? 100 : 1000), excluded: false };
    return { n, excluded: false };
  }
  // "the commander" is one; "the passengers" or "soldiers" without a number is unknown.
  const head = words.filter((w) => !/^of$/.test(w)).pop() ?? '';
  const plural = /(s|men|people|personnel|police|troops|staff|children|folk|crew|youth)$/.test(
    head,
  );
  if (/^(the|this|that|his|her|its|their)$/.test(first))
    return { n: plural || NOT_PERSON.test(s) || words.length === 1 ? null : 1, excluded: false };
  // Headline English drops the article: "ISIS kills shepherd".
  if (
    words.length <= 3 &&
    !plural &&
    /^[a-z-]+$/.test(head) &&
    !NOT_PERSON.test(head) &&
    PERSON.test(head)
  )
    return { n: 1, excluded: false };
  return { n: null, excluded: false };
}

const PERSON =
  /^(shepherd|farmer|soldier|policeman|officer|civilian|child|woman|man|teacher|student|journalist|doctor|driver|guard|commander|chief|leader|elder|imam|worker|trader|fisherman|herder|villager|resident|official|judge|mukhtar|member|fighter|militiaman|vigilante|conscript|cop|constable|lieutenant|colonel|major|captain|sergeant|general|boy|girl|person|refugee|priest|pastor|nurse)$/;

export type Outcome = 'killed' | 'wounded' | 'either';

export interface CasualtyMention {
  outcome: Outcome;
  /** The number of victims, or null when the words give none ("several", "others"). */
  n: number | null;
  /** Span in the sentence of the whole phrase, and of the noun phrase counted. */
  start: number;
  end: number;
  np: string;
  /** "A civilian was also killed", "a further 14": more than what was said before. */
  additive: boolean;
  /** Every group in the phrase is excluded (the attackers, the acting force). */
  excluded: boolean;
  /** What the excluded groups add up to ("four suicide bombers"). */
  excludedN: number | null;
}

const KILL_PART = String.raw`killed|dead|slain|murdered|executed|beheaded|shot dead|gunned down|assassinated|martyred|massacred|slaughtered|hacked to death|burn(?:ed|t) to death|lynched`;
const WOUND_PART = String.raw`wounded|injured|hurt|maimed`;
const EITHER_PART = String.raw`(?:${KILL_PART}) (?:or|and|and/or) (?:${WOUND_PART})|(?:${WOUND_PART}) (?:or|and) (?:${KILL_PART})|put out of action|casualties`;
const PART = `${EITHER_PART}|${KILL_PART}|${WOUND_PART}`;
const ADV = String.raw`(?:(?:both|all|also|reportedly|allegedly|later|subsequently|immediately|instantly|critically|seriously|severely|gravely|lightly|slightly|fatally|mortally|confirmed|initially|then|in total|so far|each)\s+)`;
const AUX = String.raw`(?:was|were|had been|have been|has been|are|is|got|being|been|are being|were being)`;
const HEARSAY = String.raw`(?:(?:said|reported|believed|feared|confirmed|known|thought|understood) to have (?:been )?)`;
const SUSTAIN = String.raw`(?:sustained|suffered|received) (?:\w+ )?(?:injuries|wounds|gunshot wounds)`;

const KILL_ANY = new RegExp(`(?:${KILL_PART})`);
const WOUND_ANY = new RegExp(`(?:${WOUND_PART})`);
const WOUND_ONLY = new RegExp(`^(?:${WOUND_PART})$`);

function outcomeOf(words: string): Outcome {
  const v = words.toLowerCase();
  if (/ or |casualties|put out of action|and\/or/.test(v)) return 'either';
  if (KILL_ANY.test(v) && WOUND_ANY.test(v)) return 'either';
  if (WOUND_ONLY.test(v) || /injur|wound|sustain|suffer/.test(v)) return 'wounded';
  return 'killed';
}

/** Where a noun phrase object ends: a clause boundary, a preposition, "and <verb>". */
const NP_END = String.raw`(?=[;.:!?]|\s(?:was|were|are|is|had|has|have|remain|remained)\b|\s[-–—]\s|,\s*(?!as well as)(?:including|among|mostly|most of|many of|some of|all of|according|who|which|the|a|an|and\s+(?:\w+ing|\w+ed)|said|says|he|she|they|police|officials)\b|\s(?:and\s+(?:\w+ing|\w+ed|injur\w*|wound\w*|kill\w*|left|set|took|fled|later|then)|in|on|near|at|during|when|while|before|after|inside|outside|(?<!well )as(?! well as)|from|with|who|which|that|including|along(?! with)|across|between|since|following|for|to|using|by|into|around|among|aboard|across|over|under|this|last|early|late|overnight|yesterday|today|amid|because|despite|following)\b|$)`;

// The casualty grammar's patterns, built once (matchAll works on a copy, so sharing them is safe).
const NOMINAL_RE = new RegExp(
  String.raw`\b(deaths?|killings?|injur(?:y|ies)|wounding|martyrdom)\s+of\s+(.+?)${NP_END.replace('(?=', '(?=\\s+and\\s+the\\s+(?:death|injur|wound|killing)|')}`,
  'gi',
);
const PASSIVE_RE = new RegExp(
  String.raw`((?:[\w'’.-]+[ ,]\s*){0,14}?)${AUX}\s+${ADV}*(?:${HEARSAY})?${ADV}*(${PART}|${SUSTAIN})\b(?:\s+(along with|alongside|together with)\s+([^,;.]+))?`,
  'gi',
);
const INTRANS_RE = new RegExp(
  String.raw`((?:[\w'’.-]+[ ,]\s*){0,12}?)(?:have |has |had )?(?:later |subsequently |also |reportedly )?(died|perished|lost (?:their|his|her) lives?|succumbed|${SUSTAIN}|lives (?:were|have been|had been) lost)\b`,
  'gi',
);
const ACTIVE_RE = new RegExp(
  String.raw`\b(killing (?:and|or) (?:wounding|injuring)|killed (?:and|or) (?:wounded|injured)|kill(?:s|ed|ing)?|murder(?:s|ed|ing)?(?: and behead(?:s|ed|ing))?|behead(?:s|ed|ing)|execut(?:e|es|ed|ing)|massacr(?:e|es|ed|ing)|slaughter(?:s|ed|ing)|eliminat(?:e|es|ed|ing)|neutrali[sz](?:e|es|ed|ing)|shot dead|shooting dead|shot and killed|gunned down|gunning down|hack(?:s|ed|ing)|slew|claim(?:ed|ing|s)? the lives of|wound(?:s|ed|ing)?|injur(?:e|es|ed|ing))\s+((?:${PREFIX})*(?:${NUM}|a|an|one|another|his|her|their|the|two|both|several|many|dozens|scores|hundreds|some|no)\b.*?|[a-z]+(?=\s+(?:in|near|at|on)\b))${NP_END}`,
  'gi',
);
const LEAVING_RE = new RegExp(
  String.raw`\b(?:leaving|left|leaves|leave)\s+((?:[\w'’-]+[ ,]\s*){1,12}?)(${EITHER_PART}|dead|killed|${WOUND_PART})\b`,
  'gi',
);
const TALLY_RE = new RegExp(
  String.raw`(?<![\w'’-])((?:${PREFIX})*(?:${NUM}|as many)(?:\s+(?!(?:was|were|are|is|have|has|had|been)\b)[\w'’-]+){0,6}?)\s+(${EITHER_PART}|${KILL_PART}|${WOUND_PART})\b(?!\s+(?:${PREFIX})*(?:${NUM}|a|an|the|his|her|their|several)\b)`,
  'gi',
);
const CASUALTIES_RE = new RegExp(
  String.raw`\b((?:${PREFIX})*${NUM})\s+(?:[\w-]+\s+){0,2}?casualties\b`,
  'gi',
);
const TOLL_RE = new RegExp(
  String.raw`\b(?:death toll|toll|number of (?:the )?dead)\b[^.;]{0,90}?\b(?:rose|rises|risen|climbed|climbs|reached|reaches|stood|stands|is|was|of|at|put at|increased)\s+(?:at\s+|to\s+)*((?:${PREFIX})*${NUM})\b`,
  'gi',
);
const BODIES_RE = new RegExp(
  String.raw`\bbodies of ((?:${PREFIX})*${NUM}[^,;.]*?)\s+(?:were|had been|have been)\s+(?:found|recovered|discovered)`,
  'gi',
);

/** One sentence's casualty phrases, with character spans. */
export function readCasualtyMentions(sentence: string, opts: CountOptions = {}): CasualtyMention[] {
  const s = sentence;
  const out: CasualtyMention[] = [];
  const taken: [number, number][] = [];
  const overlaps = (a: number, b: number) => taken.some(([x, y]) => a < y && x < b);
  const push = (
    outcome: Outcome,
    np: string,
    start: number,
    end: number,
    npStart: number,
    extra: Partial<CasualtyMention> = {},
  ) => {
    if (overlaps(npStart, npStart + np.length)) return;
    if (SUBSET.test(np.trim()) || /\bof\s+(?:the|those)\s*$/i.test(np)) return;
    const r = countNP(np, opts);
    const ex = opts.exclude ? excludedCount(np, opts) : null;
    taken.push([npStart, npStart + np.length]);
    out.push({
      outcome,
      n: r.n,
      start,
      end,
      np: np.trim(),
      additive: ADDITIVE.test(np) || ADDITIVE.test(s.slice(Math.max(0, start - 4), end)),
      excluded: r.excluded,
      excludedN: ex,
      ...extra,
    });
  };

  // Nominal: "the deaths of two of our personnel", "the killing of nine policemen".
  for (const m of s.matchAll(NOMINAL_RE)) {
    const np = m[2]!;
    if (/^(the|his|her|their)\s+(?:[\w-]+\s+)?(?:attack|bomb|explosion|blast)/i.test(np)) continue;
    push(
      outcomeOf(m[1]!),
      np,
      m.index!,
      m.index! + m[0].length,
      m.index! + m[0].length - np.length,
    );
  }

  // Passive: "<NP> was/were (reportedly) killed", "… were also said to have sustained injuries".
  for (const m of s.matchAll(PASSIVE_RE)) {
    let np = leftNP(m[1]!);
    const npStart = m.index! + m[1]!.length - np.length;
    if (!np.trim()) continue;
    if (m[4]) np = `${np} and ${m[4]}`;
    push(outcomeOf(m[2]!), np, npStart, m.index! + m[0].length, npStart);
  }

  // Intransitive: "Thirteen people have died", "an officer and 9 soldiers lost their lives",
  // "34 lives were lost", "five persons sustained injuries".
  for (const m of s.matchAll(INTRANS_RE)) {
    const np = leftNP(m[1]!);
    if (!np.trim() || /\b(was|were)\s*$/i.test(m[1]!)) continue;
    const npStart = m.index! + m[1]!.length - np.length;
    push(outcomeOf(m[2]!), np, npStart, m.index! + m[0].length, npStart);
  }

  // Active: "killing three members", "eliminated 17 terrorists", "murdered and beheaded five
  // people", "claimed the lives of two soldiers", "wounding another".
  for (const m of s.matchAll(ACTIVE_RE)) {
    const verb = m[1]!.toLowerCase();
    let np = m[2]!.replace(/\s+to death$/i, '');
    // "killing 14 people, and 20 others were abducted": the last conjunct opens a clause of its own.
    if (/^\s+(?:was|were|are|is|had|has|have)\b/.test(s.slice(m.index! + m[0].length)))
      np = np.replace(/,?\s+and\s+(?!.*\band\b).*$/, '');
    const npStart = m.index! + m[0].length - m[2]!.length;
    if (/^(?:his|her|their|the)\s+(?:way|own|bodies|throats)/i.test(np)) continue;
    if (
      /^(wound|injur)/.test(verb) &&
      !/^(?:(?:another|a further)\b|.*\b(?:others?|more|people|persons|civilians|soldiers|policemen|troops|members|officers|personnel|fighters|\d+)\b)/i.test(
        np,
      ) &&
      /^(his|her|their|the)\b/i.test(np)
    )
      continue;
    const o: Outcome = /(killing|killed) (and|or)/.test(verb)
      ? 'either'
      : /^(wound|injur)/.test(verb)
        ? 'wounded'
        : 'killed';
    push(o, np, m.index!, m.index! + m[0].length, npStart);
  }

  // "leaving two passers-by dead and as many wounded", "left another 10 soldiers wounded".
  for (const m of s.matchAll(LEAVING_RE)) {
    const np = m[1]!.trim();
    if (/^(the|their|behind|a trail)\b/i.test(np) && !/\d/.test(np)) continue;
    const npStart = m.index! + m[0].indexOf(m[1]!);
    push(outcomeOf(m[2]!), np, m.index!, m.index! + m[0].length, npStart);
  }

  // Bare tallies and headlines: "14 dead, five wounded", "12 Farmers Killed, Three Injured",
  // "and 194 wounded", "another seven injured", "as many wounded".
  for (const m of s.matchAll(TALLY_RE)) {
    let np = m[1]!;
    const npStart = m.index!;
    if (/^as many$/i.test(np.trim())) {
      const prev = [...out].reverse().find((x) => x.n !== null);
      if (!prev) continue;
      np = String(prev.n);
    }
    push(outcomeOf(m[2]!), np, m.index!, m.index! + m[0].length, npStart);
  }

  // "15 casualties", "among the 15 casualties", "The toll is 11", "the death toll rose to 54".
  for (const m of s.matchAll(CASUALTIES_RE))
    push('either', m[1]!, m.index!, m.index! + m[0].length, m.index!);
  for (const m of s.matchAll(TOLL_RE))
    push('killed', m[1]!, m.index!, m.index! + m[0].length, m.index! + m[0].length - m[1]!.length);
  // "the (lifeless) bodies of 11 people were found".
  for (const m of s.matchAll(BODIES_RE))
    push('killed', m[1]!, m.index!, m.index! + m[0].length, m.index! + m[0].indexOf(m[1]!));

  return out.sort((a, b) => a.start - b.start);
}

/** "Two of the dead", "one of the victims", "among the dead": part of a figure already given. */
const SUBSET =
  /^(?:\w+|\d+)\s+of\s+(?:the|those)\s+(?:dead|victims|killed|deceased|casualties|injured|wounded|fatalities|terrorists killed)\b|^(?:among|of whom)\b|^(?:the|those) (?:dead|victims|deceased|killed|wounded|injured)$/i;
const ADDITIVE = /\b(also|another|a further|an additional|in addition|additionally|as well)\b/i;

/** What the excluded conjuncts of a phrase add up to: the attackers' own dead. */
function excludedCount(np: string, o: CountOptions): number | null {
  const parts = np.split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s+as well as\s+|\s+along with\s+/i);
  let t: number | null = null;
  for (const p of parts)
    if (o.exclude!(p)) {
      const n = countNP(p, { ...o, exclude: undefined }).n;
      if (n !== null) t = (t ?? 0) + n;
    }
  return t;
}

/** The subject noun phrase that ends where a passive verb starts: after the last clause boundary. */
function leftNP(text: string): string {
  const cut = text.replace(/\s+$/, ' ');
  const re =
    /(?:^|[;:]|\s[-–—]\s|,(?!\s*(?:and\s+)?(?:\d|an?\s|one\b|two\b|three\b|four\b|five\b|six\b|seven\b|eight\b|nine\b|ten\b|the\s+(?:young|other))))\s*|\b(?:that|said|says|say|reported|when|after|as|where|while|whereas|but|and|because|since|who|which|if|adding|then|with|killing|injuring|wounding|leaving|including)\s+(?=(?:at least|more than|about|another|a further|some|nearly|around|over|up to|\d|an?\b|one\b|two\b|three\b|four\b|five\b|six\b|seven\b|eight\b|nine\b|ten\b|the\b|his\b|her\b|their\b|its\b|they\b|he\b|she\b|all\b|both\b|several\b|many\b|no\b|[A-Z]))/g;
  let start = 0;
  for (const m of cut.matchAll(re)) {
    const at = m.index! + m[0].length;
    // "and" inside a subject ("An officer and 9 soldiers") is no clause boundary.
    if (
      /^and\b/i.test(m[0].trim()) &&
      !/\b(?:was|were|is|are|had|has|have|been|\w+ed|died|said)\b/i.test(cut.slice(start, m.index!))
    )
      continue;
    start = at;
  }
  return cut
    .slice(start)
    .replace(
      /^(?:On|In|At|During|Early|Late|Overnight|Last|Around|About)\b[^,]{0,40},\s*(?:\d{4},\s*)?/,
      '',
    );
}

export interface Casualties {
  killed: number | null;
  wounded: number | null;
  casualties_total: number | null;
}

/** A mention as the passage sees it: which sentence, whose voice, which incident. */
export interface PassageMention extends CasualtyMention {
  sentence: number;
  /** The perpetrators' own figure ("ISIS said it killed 10"). */
  claim: boolean;
  /** A figure for several incidents at once ("nine killed in two attacks"). */
  aggregate: boolean;
}

export interface CombinedCasualties extends Casualties {
  /** The mention each figure came from (several when summed). */
  from: { killed: PassageMention[]; wounded: PassageMention[]; casualties_total: PassageMention[] };
  /** Figures read but not used: the claimed one when an official one is given, and so on. */
  notes: string[];
}

/**
 * What a passage says about its dead and wounded, from its mentions in reading order:
 * per outcome the first figure in the report's own voice (the claimed one only when there
 * is no other, and never when the claim is denied; one for several incidents only when
 * there is no other), plus what later sentences add explicitly. "No casualties" gives 0.
 */
export function combineCasualties(
  mentions: PassageMention[],
  flags: {
    denied?: boolean;
    zeroKilled?: boolean;
    zeroWounded?: boolean;
    zeroTotal?: boolean;
    attackersAmongDead?: number | null;
  } = {},
): CombinedCasualties {
  const notes: string[] = [];
  const pick = (o: Outcome): PassageMention[] => {
    let cand = mentions.filter((m) => m.outcome === o && m.n !== null && !m.excluded);
    const claimed = cand.filter((m) => m.claim);
    if (flags.denied) cand = cand.filter((m) => !m.claim);
    const own = cand.filter((m) => !m.claim);
    if (own.length) {
      cand = own;
      const other = claimed.find((c) => c.n !== own[0]!.n);
      if (other) notes.push(`claimed ${o}: ${other.n} (the official figure is used)`);
    } else if (flags.denied && claimed.length) {
      notes.push(`claimed ${o}: ${claimed[0]!.n}, denied`);
    }
    // The claim's "killed and wounded" gives way to an official split.
    if (
      o === 'either' &&
      cand.length &&
      cand.every((m) => m.claim) &&
      mentions.some((m) => m.outcome !== 'either' && !m.claim && m.n !== null && !m.excluded)
    ) {
      notes.push(`claimed killed and wounded: ${cand[0]!.n}`);
      return [];
    }
    const specific = cand.filter((m) => !m.aggregate);
    if (specific.length) {
      const agg = cand.find((m) => m.aggregate);
      if (agg) notes.push(`${o} ${agg.n} across several incidents`);
      cand = specific;
    }
    if (!cand.length) return [];
    const first = cand[0]!;
    const chosen = [first];
    for (const m of cand.slice(1)) {
      // Clauses of the first sentence add up ("two soldiers … and a civilian was killed");
      // later sentences add only what they say is more ("A civilian was also killed").
      if (m.sentence === first.sentence || m.additive) chosen.push(m);
      else if (m.n !== first.n) notes.push(`${o}: also reported as ${m.n}`);
    }
    return chosen;
  };
  const k = pick('killed');
  const w = pick('wounded');
  const e = pick('either');
  const sum = (ms: PassageMention[]) => (ms.length ? ms.reduce((t, m) => t + (m.n ?? 0), 0) : null);
  let killed = sum(k);
  const wounded = sum(w);
  // "The fatalities include three suicide bombers": the attackers come off the toll.
  if (killed !== null && flags.attackersAmongDead) {
    killed = Math.max(0, killed - flags.attackersAmongDead);
    notes.push(`killed: ${flags.attackersAmongDead} attackers left out of the toll`);
  }
  const either = sum(e);
  let total = either === null ? null : Math.max(either, (killed ?? 0) + (wounded ?? 0));
  let kOut = killed;
  let wOut = wounded;
  if (kOut === null && flags.zeroKilled) kOut = 0;
  if (wOut === null && flags.zeroWounded && either === null) wOut = 0;
  if (total === null && flags.zeroTotal && kOut === 0 && (wOut ?? 0) === 0) total = 0;
  return {
    killed: kOut,
    wounded: wOut,
    casualties_total: total,
    from: { killed: k, wounded: w, casualties_total: e },
    notes: [...new Set(notes)],
  };
}

/** Quotes, parentheses, obfuscation ("kil*led") and ", including X," asides out of the way. */
export function cleanForCounts(sentence: string): string {
  return sentence
    .replace(/(?<=\w)\*(?=\w)/g, '')
    .replace(/\([^()]*\)/g, (m) => ' '.repeat(m.length))
    .replace(/[“”"]/g, ' ')
    .replace(/,\s*including\b[^,;.]*,/gi, (m) => ' '.repeat(m.length))
    .replace(/\s…/g, '.');
}

/** "There were no casualties", "nobody was hurt": explicit zeros, not unknowns. */
export function zeroCasualties(text: string): {
  zeroKilled: boolean;
  zeroWounded: boolean;
  zeroTotal: boolean;
} {
  const anyCas =
    /\b(?:no|not (?:cause|result in) any|did not (?:cause|result in) any|without (?:causing )?(?:any )?)\s*(?:casualties|injuries or deaths|deaths or injuries)\b|\bcaused no casualties\b|\bno (?:one|body) was (?:killed or (?:hurt|injured|wounded)|hurt or killed|harmed)\b/i;
  const killed0 =
    /\bno (?:fatalities|deaths|one was killed|lives were lost)\b|\b(?:nobody|no one) (?:was killed|died)\b|\bno (?:casualties|deaths|fatalities) (?:were|was) (?:reported|recorded)\b/i;
  const hurt0 =
    /\b(?:nobody|no one) was (?:hurt|injured|wounded)\b|\bno (?:injuries|one was (?:hurt|injured|wounded))\b/i;
  const any = anyCas.test(text) && !/\bno (?:[A-Z][\w-]*\s+)+casualties\b/.test(text);
  const hurt = hurt0.test(text);
  return {
    zeroKilled: any || killed0.test(text) || hurt,
    zeroWounded: any || hurt,
    zeroTotal: any,
  };
}

/** Nouns naming the attackers themselves: their deaths are not the attack's casualties. */
const ATTACKER =
  /\b(?:operatives?|militants?|jihadists?|terrorists?|attackers?|assailants?|gunmen|gunman|insurgents?|(?:suicide )?bombers?|rebels?|khwarij|kharijites?|kidnappers?|raiders?|extremists?|bandits?|elements|abductors?)\b/i;
const VICTIM_WORDS =
  /\b(?:militias?|militiam[ae]n|soldiers?|troops|police\w*|civilians?|villagers?|farmers?|residents?|children|women|worshippers|officers?|personnel|guards?|peacekeepers?|members of (?:the )?(?:security|armed)|security forces)\b/i;

/** Is this noun phrase about the attackers ("eight militant attackers", "the suicide bomber")? */
export function isAttackerNP(np: string, groups: RegExp | null = null): boolean {
  if (VICTIM_WORDS.test(np)) return false;
  if (ATTACKER.test(np)) return true;
  if (groups && groups.test(np) && /\b(?:fighters?|members?|cells?|men)\b/i.test(np)) return true;
  return false;
}

const FORCE_WORDS =
  /\b(?:soldiers?|troops|policem[ae]n|police officers?|officers?|personnel|security forces|servicem[ae]n|gendarmes?|peacekeepers?|commandos?|marines?|own troops|conscripts?|army|raiders?)\b/i;

/** In a security-force action, the acting force's own dead are left out like attackers. */
export function isForceNP(np: string): boolean {
  return FORCE_WORDS.test(np) && !ATTACKER.test(np);
}
