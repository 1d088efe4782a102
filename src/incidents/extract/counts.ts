/**
 * Casualty counts in bulletin and news wording: digits and words ("two soldiers", "an
 * officer and 14 soldiers", "at least 20"), the vague plurals that carry no number
 * ("several", "others", "the passengers": null, never 0), "dozens" and "hundreds" coded as
 * ACLED codes them (12 and 100, the lower end a reader can rely on), and "killed or
 * wounded" kept apart as a total of casualties whose split is unknown.
 */

const SMALL: Record<string, number> = {
  zero: 0,
  no: 0,
  one: 1,
  a: 1,
  an: 1,
  single: 1,
  another: 1,
  two: 2,
  both: 2,
  pair: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
/** Vague quantities with an ACLED-style floor; "several" and the like stay unknown. */
const VAGUE: Record<string, number | null> = {
  dozens: 12,
  'a dozen': 12,
  dozen: 12,
  scores: 20,
  hundreds: 100,
  several: null,
  many: null,
  some: null,
  numerous: null,
  others: null,
  other: null,
  few: null,
  'a few': null,
  'a number of': null,
  various: null,
  all: null,
  unknown: null,
};

const PLURAL_NOUN = /(s|men|people|personnel|police|troops|staff|children|folk|crew)$/i;

/** A number written in digits or words ("14", "twenty-one", "a hundred"), or undefined. */
export function numberWord(token: string): number | undefined {
  const t = token.toLowerCase().replace(/,/g, '');
  if (/^\d+$/.test(t)) return Number(t);
  if (t in SMALL) return SMALL[t];
  const m =
    /^(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ](one|two|three|four|five|six|seven|eight|nine)$/.exec(
      t,
    );
  if (m) return SMALL[m[1]!]! + SMALL[m[2]!]!;
  return undefined;
}

/**
 * The number of people a noun phrase names: "two Iraqi soldiers" 2, "an officer and 14
 * soldiers" 15, "He" 1, "two of his escorts" 2, "at least 20 people" 20, "dozens of
 * soldiers" 12, "several fighters" / "the passengers" / "others" null. `antecedent` is
 * what "they" refers to, when known.
 */
export function countPeople(np: string, antecedent: number | null = null): number | null {
  let s = np
    .trim()
    .replace(/^(and|but|while|whereas|also|then)\s+/i, '')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!s) return null;
  // Conjoined groups: "an officer and two soldiers", "a policeman, a soldier and a civilian".
  const parts = s
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s+as well as\s+|\s+along with\s+/i)
    .filter(Boolean);
  if (parts.length > 1) {
    let total = 0;
    for (const p of parts) {
      const n = countPeople(p, antecedent);
      if (n === null) return null;
      total += n;
    }
    return total;
  }
  s = s.replace(
    /^(at least|at most|up to|about|around|approximately|roughly|some|nearly|almost|more than|over|as many as|an estimated|a total of|in total|the remaining)\s+/i,
    '',
  );
  s = s.replace(/^(all|both) (of )?(the )?/i, (m) => (/^both/i.test(m) ? 'two ' : 'all '));
  const lower = s.toLowerCase();
  if (/^(he|she|him|her|his \w+$|her \w+$)\b/.test(lower) && !/^(his|her) \w+s$/.test(lower))
    return 1;
  if (/^(they|them|the two|the three)\b/.test(lower)) {
    const m = /^the (\w+)$/.exec(lower);
    if (m) return numberWord(m[1]!) ?? antecedent;
    return antecedent;
  }
  for (const [phrase, value] of Object.entries(VAGUE)) {
    if (lower === phrase || lower.startsWith(`${phrase} `)) return value;
  }
  const words = lower.split(/\s+/);
  const first = words[0]!;
  const n = numberWord(first) ?? numberWord(`${first} ${words[1] ?? ''}`.trim());
  if (n !== undefined) {
    // "a dozen", "a hundred"
    if ((first === 'a' || first === 'an') && /^(dozen|hundred)$/.test(words[1] ?? ''))
      return words[1] === 'dozen' ? 12 : 100;
    if (/^(hundred|thousand)$/.test(words[1] ?? ''))
      return n * (words[1] === 'hundred' ? 100 : 1000);
    return n;
  }
  // "the commander" is one; "the passengers" or "soldiers" without a number is unknown.
  const head = words.filter((w) => !/^of$/.test(w)).pop() ?? '';
  if (/^(the|this|that)$/.test(first)) return PLURAL_NOUN.test(head) ? null : 1;
  return null;
}

export interface Casualties {
  killed: number | null;
  wounded: number | null;
  casualties_total: number | null;
}

const KILL =
  'killed|dead|died|slain|murdered|executed|beheaded|shot dead|gunned down|assassinated|lost their lives|perished';
const WOUND = 'wounded|injured|hurt|maimed';
const EITHER = `(?:${KILL}) or (?:${WOUND})|(?:${WOUND}) or (?:${KILL})|(?:${KILL}) and (?:${WOUND})|(?:${WOUND}) and (?:${KILL})|casualties`;

/** Nouns naming the attackers themselves: their deaths are not the attack's casualties. */
const ATTACKER =
  /\b(operatives?|militants?|jihadists?|terrorists?|attackers?|assailants?|gunmen|insurgents?|suicide bombers?|bombers?)\b/i;

function outcome(verb: string): 'killed' | 'wounded' | 'either' {
  const v = verb.toLowerCase();
  if (
    / or |casualties/.test(v) ||
    (/ and /.test(v) && new RegExp(`${WOUND}`).test(v) && new RegExp(`${KILL}`).test(v))
  )
    return 'either';
  return new RegExp(`^(?:${WOUND})$`).test(v) ? 'wounded' : 'killed';
}

/**
 * Adds up what a passage says about the dead and the wounded. Each clause ("Two fighters
 * were killed and two others were wounded") contributes to its own outcome; a clause with
 * a number we cannot read (several, others, the passengers) leaves its outcome unknown
 * unless another clause gives it. Sentences restating the perpetrators' own claim are
 * skipped by the caller.
 */
export function extractCasualties(sentences: string[], antecedent: number | null): Casualties {
  const sums = {
    killed: null as number | null,
    wounded: null as number | null,
    either: null as number | null,
  };
  const add = (k: keyof typeof sums, n: number | null) => {
    if (n === null) return;
    sums[k] = (sums[k] ?? 0) + n;
  };
  for (const raw of sentences) {
    const sentence = raw.replace(/\([^)]*\)/g, ' ');
    // Passive: "<NP> was/were (both) killed (along with <NP>)".
    const passive = new RegExp(
      `(?:^|[,;:]\\s*|\\b(?:and|but|while|whereas)\\s+)([^,;:.]*?)\\s+(?:was|were|had been|have been|has been|are|is)\\s+(?:(?:both|all|also|reportedly|later|subsequently|immediately|instantly|critically|seriously|severely|lightly|fatally)\\s+)*(${EITHER}|${KILL}|${WOUND})(?:\\s+along with\\s+([^,;.]*))?`,
      'gi',
    );
    for (const m of sentence.matchAll(passive)) {
      const np = m[1]!;
      if (ATTACKER.test(np) && !/\b(soldiers?|police|civilians?)\b/i.test(np)) continue;
      const verbWithBoth = m[0]!;
      let n = countPeople(
        /\bboth\b/i.test(verbWithBoth.slice(np.length)) ? 'both' : np,
        antecedent,
      );
      if (m[3] !== undefined) {
        const extra = countPeople(m[3], antecedent);
        n = n === null || extra === null ? null : n + extra;
      }
      add(outcome(m[2]!), n);
    }
    // Intransitive: "The guard died of his wounds", "an officer and 9 soldiers lost their lives".
    const intransitive =
      /(?:^|[,;:]\s*|\b(?:and|but|while|whereas)\s+)([^,;:.]*?)\s+(?:later\s+|subsequently\s+)?(died|perished|lost (?:their|his|her) lives?|succumbed)\b/gi;
    for (const m of sentence.matchAll(intransitive)) {
      const np = m[1]!;
      if (
        /\b(was|were)\b/i.test(np) ||
        (ATTACKER.test(np) && !/\b(soldiers?|police|civilians?)\b/i.test(np))
      )
        continue;
      add('killed', countPeople(np, antecedent));
    }
    // Active: "killing two soldiers and wounding three", "killed five policemen".
    const active = new RegExp(
      `\\b(killing or (?:wounding|injuring)|killed or (?:wounded|injured)|killing|wounding|injuring|leaving|left|kill(?:ed)?|wound(?:ed)?|injur(?:ed)?|shot dead|gunned down|shot and killed|murdered|executed|beheaded)\\s+((?:at least |about |around |some |nearly |more than |over )?(?:\\d+|${Object.keys(SMALL).join('|')}|dozens|scores|hundreds|several)\\b[^,;.]*?)(?=\\s+(?:and\\s+(?:wounding|injuring|killing|wounded|injured)|in\\b|on\\b|near\\b|at\\b|during\\b|when\\b|while\\b|before\\b|after\\b)|[,;.]|$)`,
      'gi',
    );
    for (const m of sentence.matchAll(active)) {
      const verb = m[1]!.toLowerCase();
      let np = m[2]!;
      let o: 'killed' | 'wounded' | 'either';
      if (/^(leaving|left)$/.test(verb)) {
        const tail = new RegExp(
          `^(.*?)\\s+(?:people\\s+)?(${EITHER}|${KILL}|${WOUND})\\b`,
          'i',
        ).exec(np);
        if (!tail) continue;
        np = tail[1]!;
        o = outcome(tail[2]!);
      } else {
        o = / or /.test(verb)
          ? 'either'
          : /^(kill|shot|gunned|murder|execut|behead)/.test(verb)
            ? 'killed'
            : 'wounded';
      }
      // A passive clause already counted it ("were killed" matched above)? Active verbs
      // are "killing"/"killed <NP>": the NP follows, so there is no overlap.
      if (ATTACKER.test(np) && !/\b(soldiers?|police|civilians?)\b/i.test(np)) continue;
      const n = countPeople(np, antecedent);
      add(o, n);
    }
    // Bare tallies: "six dead and 12 wounded", "20 people killed or wounded" (no verb).
    const tally = new RegExp(
      `(?:^|[,;:(]\\s*|\\b(?:with|and|leaving)\\s+)((?:at least |about |some )?(?:\\d+|${Object.keys(
        SMALL,
      )
        .filter((k) => k.length > 2)
        .join(
          '|',
        )}|dozens|hundreds))\\s+(?:[a-z]+\\s+)?(${EITHER}|dead|killed|wounded|injured)(?=[\\s,;.)]|$)(?!\\s+(?:by|in|when|after|as)\\b)`,
      'gi',
    );
    // "The death toll rose to 15".
    const toll =
      /\bdeath toll\b[^.]{0,80}?\b(?:rose|climbed|risen|reached|stood at|stands at|is|was|of|at)\s+(?:to\s+)?((?:at least )?\d+|\w+)\b/i.exec(
        sentence,
      );
    if (toll) {
      const n = countPeople(toll[1]!);
      if (n !== null) sums.killed = Math.max(sums.killed ?? 0, n);
    }
    for (const m of sentence.matchAll(tally)) {
      // Skip what the passive pattern already read ("two were killed").
      if (
        new RegExp(`\\b(was|were)\\s+${m[2]}`, 'i').test(
          sentence.slice(Math.max(0, (m.index ?? 0) - 12), (m.index ?? 0) + m[0].length),
        )
      )
        continue;
      add(outcome(m[2]!), countPeople(m[1]!, antecedent));
    }
  }
  // "There were no casualties", "nobody was hurt": an explicit zero, not an unknown.
  const all = sentences.join(' ');
  if (
    /\bno (?:casualties|injuries|deaths|fatalities|one was (?:killed|hurt|injured|wounded))\b|\b(?:nobody|no one) was (?:killed|hurt|injured|wounded)\b|\bwithout (?:causing )?(?:any )?casualties\b|\bcaused no casualties\b/i.test(
      all,
    )
  ) {
    sums.killed ??= 0;
    sums.wounded ??= 0;
  }
  // "About 20 soldiers were killed or wounded": the total is known, its split is not.
  const either = sums.either;
  return {
    killed: sums.killed,
    wounded: sums.wounded,
    casualties_total: either === null ? null : either + (sums.killed ?? 0) + (sums.wounded ?? 0),
  };
}
