/**
 * Number words, one table for every reader of figures in text (offsets in km, casualty counts,
 * attackers among the dead). A caller whose words differ in meaning ("a hundred" for a
 * distance, "lone" or "pair" for a count) passes them as extras, merged over this table.
 */

/** Cardinal words one to nineteen and the tens, in counting order. */
export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
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

/** The tens and units of a compound ("twenty-one", "forty five"), as regex alternations. */
export const TENS = 'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';
export const UNITS = 'one|two|three|four|five|six|seven|eight|nine';

const COMPOUND = new RegExp(`^(${TENS})[- ](${UNITS})$`);

/** The table with a caller's extra words merged over it. */
export function numberWords(
  extras: Readonly<Record<string, number>> = {},
): Readonly<Record<string, number>> {
  return { ...NUMBER_WORDS, ...extras };
}

/**
 * A number written in words: a word of `table` ("sixty", or an extra such as "a hundred"), or
 * tens and units ("twenty-five", "forty five"); undefined for anything else (digits included:
 * each caller reads those its own way).
 */
export function wordNumber(
  text: string,
  table: Readonly<Record<string, number>> = NUMBER_WORDS,
): number | undefined {
  const t = text.toLowerCase().trim();
  if (Object.hasOwn(table, t)) return table[t];
  const m = COMPOUND.exec(t);
  return m ? NUMBER_WORDS[m[1]!]! + NUMBER_WORDS[m[2]!]! : undefined;
}
