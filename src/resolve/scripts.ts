import { romaniseDevanagariWord } from './devanagari.ts';
import { japaneseReadings } from './japanese.ts';
import anyAscii from 'any-ascii';

/**
 * Romanisation of scripts whose names any-ascii renders unlike the spellings lists and the
 * press use. Abjads (Arabic, Hebrew) have their own letter-by-letter path in normalise.ts;
 * here are the others:
 *
 * - Chinese and Korean names are one run of syllables with no spaces; any-ascii glues them
 *   (习近平 → XiJinPing). Written apart as family name and given name (Xi Jinping, Kim Jong
 *   Un), with the usual spellings of Korean family names (김 is Kim, not Gim).
 * - Cyrillic is romanised several ways (Yevgeny / Evgeniy; Ukrainian г is h: Hanna, not
 *   Ganna): a Cyrillic name gets each common romanisation as an alternative spelling.
 * - Greek digraphs (ου is ou, not oy; γι before a vowel is y or gi: Yanis, Giorgos, as an
 *   alternative) and the Devanagari anusvara
 *   (ं is n before most consonants: Indira Gandhi, not Imdira Gamdhi), with the inherent a
 *   kept where Hindi says it (devanagari.ts).
 */

const HAN = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]/;
const HAN_RUN = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]+/g;
/** A name that is one run of two to six Han characters. */
const HAN_NAME = /^[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]{2,6}$/;
const HANGUL_RUN = /[\uAC00-\uD7A3]+/g;
const PLAIN_ASCII = /^[\t\n\r -~]*$/;
/** Korean (Hangul syllables). */
export const HANGUL = /[\uAC00-\uD7A3]/;
const CYRILLIC = /[\u0400-\u04FF]/;
const GREEK = /[\u0370-\u03FF\u1F00-\u1FFF]/;
const DEVANAGARI = /[\u0900-\u097F]/;
const DEVANAGARI_RUN = /[\u0900-\u097F]+/g;

/** Two-character Chinese family names (欧阳 Ouyang, 司马 Sima …). */
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '令狐',
  '歐陽',
  '司馬',
  '諸葛',
]);

/** Characters of the family name in a Chinese name: two for a compound one or a four-character name. */
function chineseSurnameLength(chars: string[]): number {
  if (chars.length >= 3 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join(''))) return 2;
  return chars.length === 4 ? 2 : 1;
}

/** The Mandarin syllables of a run of Han characters, one per character. */
function hanSyllables(run: string): string[] {
  return [...run].map((c) => anyAscii(c));
}

function hanName(run: string): string {
  const chars = [...run];
  const syllables = hanSyllables(run);
  if (chars.length < 2 || chars.length > 4) return syllables.join('');
  const surnameLength = chineseSurnameLength(chars);
  return `${syllables.slice(0, surnameLength).join('')} ${syllables.slice(surnameLength).join('')}`;
}

/** Korean family names as they are usually written (Revised Romanisation gives Gim, I, Bak). */
const KOREAN_SURNAMES: Record<string, string> = {
  김: 'Kim',
  이: 'Lee',
  리: 'Ri',
  박: 'Park',
  최: 'Choi',
  정: 'Jung',
  강: 'Kang',
  조: 'Cho',
  윤: 'Yoon',
  장: 'Jang',
  임: 'Lim',
  한: 'Han',
  오: 'Oh',
  서: 'Seo',
  신: 'Shin',
  권: 'Kwon',
  황: 'Hwang',
  안: 'Ahn',
  송: 'Song',
  류: 'Ryu',
  유: 'Yoo',
  홍: 'Hong',
  전: 'Jeon',
  고: 'Ko',
  문: 'Moon',
  손: 'Son',
  양: 'Yang',
  배: 'Bae',
  백: 'Baek',
  허: 'Heo',
  노: 'Roh',
  남: 'Nam',
  심: 'Shim',
  구: 'Koo',
  곽: 'Kwak',
  성: 'Sung',
  차: 'Cha',
  주: 'Joo',
  우: 'Woo',
  나: 'Na',
  민: 'Min',
  진: 'Jin',
  현: 'Hyun',
  반: 'Ban',
};

function hangulName(run: string): string {
  const chars = [...run];
  const syllables = chars.map((c) => anyAscii(c));
  if (chars.length < 2 || chars.length > 4) return syllables.join(' ');
  const surname = KOREAN_SURNAMES[chars[0]!] ?? syllables[0]!;
  // Given-name syllables apart (Jong Un, Jong-un): token alignment and the fingerprint
  // meet both the spaced and the glued spellings.
  return `${surname} ${syllables.slice(1).join(' ')}`;
}

/** Greek digraphs as Latin spellings write them, before any-ascii takes the letters. */
function greekDigraphs(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ου/g, 'ou')
    .replace(/ΟΥ|Ου/g, 'Ou')
    .replace(/(^|\s)μπ/g, '$1b')
    .replace(/(^|\s)Μπ/g, '$1B')
    .replace(/(^|\s)ντ/g, '$1d')
    .replace(/(^|\s)Ντ/g, '$1D')
    .replace(/γγ|γκ/g, 'ng')
    .replace(/αυ/g, 'av')
    .replace(/ευ/g, 'ev');
}

/** Text with Chinese, Korean, Greek and Devanagari names romanised as lists write them. */
export function romaniseNames(text: string): string {
  let s = text;
  if (HAN.test(s)) s = s.replace(HAN_RUN, (run) => ` ${hanName(run)} `);
  if (HANGUL.test(s)) s = s.replace(HANGUL_RUN, (run) => ` ${hangulName(run)} `);
  if (GREEK.test(s)) s = greekDigraphs(s);
  // Hindi spellings: the inherent a dropped where it is not said (devanagari.ts).
  if (DEVANAGARI.test(s)) s = s.replace(DEVANAGARI_RUN, (word) => romaniseDevanagariWord(word));
  return s;
}

/** Common romanisations of Cyrillic letters besides any-ascii's (which follows Russian GOST-like rules). */
const RUSSIAN_PRESS: Record<string, string> = {
  ё: 'yo',
  й: 'y',
  ы: 'y',
  ю: 'yu',
  я: 'ya',
  х: 'kh',
  ц: 'ts',
  щ: 'shch',
  ж: 'zh',
  ь: '',
  ъ: '',
  э: 'e',
};
const UKRAINIAN: Record<string, string> = {
  г: 'h',
  ґ: 'g',
  и: 'y',
  і: 'i',
  ї: 'yi',
  є: 'ye',
  ў: 'w',
  ы: 'y',
};

const UKRAINIAN_PRESS = { ...RUSSIAN_PRESS, ...UKRAINIAN };

function transliterateCyrillic(
  text: string,
  table: Record<string, string>,
  ukrainian: boolean,
): string {
  let out = '';
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const lower = ch.toLowerCase();
    const atStart = i === 0 || /[\s-]/.test(chars[i - 1]!);
    let r: string | undefined = table[lower];
    // Е opening a word, or after a vowel or soft sign, is ye in press spellings (Yevgeny, Yelena).
    if (lower === 'е' && (atStart || /[аеёиоуыэюяьъ]/i.test(chars[i - 1]!))) r = 'ye';
    // -ий / -ый endings are -y in press spellings (Yury, Dmitry, Zelensky).
    if (
      (lower === 'и' || lower === 'ы') &&
      chars[i + 1]?.toLowerCase() === 'й' &&
      !/[а-яё]/i.test(chars[i + 2] ?? '')
    )
      r = ukrainian ? 'yi' : 'y';
    if (
      lower === 'й' &&
      (chars[i - 1]?.toLowerCase() === 'и' || chars[i - 1]?.toLowerCase() === 'ы')
    )
      r = '';
    out += r ?? anyAscii(ch).toLowerCase();
  }
  return out;
}

/**
 * A pinyin syllable in Wade-Giles without its apostrophes, as older lists and Taiwanese names
 * write Chinese (Mao Tse-tung, Chou En-lai, Tsai Ing-wen): initials b/d/g/j/q/x/z/c/zh/r
 * become p/t/k/ch/ch/hs/ts/ts/ch/j, and -ian, -ong, -ie, -ue become -ien, -ung, -ieh, -ueh.
 */
function wadeGiles(syllable: string): string {
  const s = syllable.toLowerCase();
  const whole: Record<string, string> = {
    zi: 'tzu',
    ci: 'tzu',
    si: 'ssu',
    zhi: 'chih',
    chi: 'chih',
    shi: 'shih',
    ri: 'jih',
    er: 'erh',
    you: 'yu',
    yan: 'yen',
    ye: 'yeh',
    yong: 'yung',
  };
  if (whole[s]) return whole[s];
  const m = /^(zh|ch|sh|[bpmfdtnlgkhjqxzcrsyw]?)(.*)$/.exec(s)!;
  const initial: Record<string, string> = {
    b: 'p',
    d: 't',
    g: 'k',
    j: 'ch',
    q: 'ch',
    x: 'hs',
    z: 'ts',
    c: 'ts',
    zh: 'ch',
    r: 'j',
  };
  const final = m[2]!
    .replace(/ian$/, 'ien')
    .replace(/ong$/, 'ung')
    .replace(/ie$/, 'ieh')
    .replace(/ue$/, 'ueh')
    .replace(/^ui$/, 'uei');
  return (initial[m[1]!] ?? m[1]!) + final;
}

/** A Chinese name in Wade-Giles, family name then given-name syllables apart (Mao Tse Tung). */
function wadeGilesName(text: string): string | null {
  const runs = text.match(HAN_RUN);
  if (!runs) return null;
  return runs
    .map((run) => {
      const chars = [...run];
      const surnameLength = chineseSurnameLength(chars);
      const syllables = chars.map((c) => wadeGiles(anyAscii(c)));
      return `${syllables.slice(0, surnameLength).join('')} ${syllables.slice(surnameLength).join(' ')}`;
    })
    .join(' ');
}

/**
 * Slavic names as German and Polish sources transliterate them (Wolodymyr Selenskyj, Michail
 * Chodorkowski, Wiktor Janukowytsch): tsch/sch, w for v, j for y, -ow endings.
 */
const GERMANIC_SLAVIC = /tsch|sch|ow(?:a|i|ski|sky)?\b|yj\b|ij\b/i;

/** The English press spelling of such a name (Volodymyr Zelenskyy, Mikhail Khodorkovski). */
function englishFromGermanicSlavic(name: string): string {
  return name
    .toLowerCase()
    .replace(/tsch/g, 'ch')
    .replace(/sch/g, 'sh')
    .replace(/\bch/g, 'kh')
    .replace(/w/g, 'v')
    .replace(/\bj(?=[aeiou])/g, 'y')
    .replace(/([aeiou])j(?=[aeiou])/g, '$1y')
    .replace(/yj\b/g, 'yy')
    .replace(/ij\b/g, 'iy')
    .replace(/\bs(?=[aeiou])/g, 'z');
}

/**
 * Other common romanisations of a name, when its script has several, besides the one
 * `foldName` gives: Cyrillic in Russian press spelling and in Ukrainian and Belarusian
 * spelling; Chinese in Wade-Giles; kanji names in their Japanese readings. Empty for names in other scripts.
 */
export function alternativeRomanisations(name: string, schema?: string): string[] {
  if (GERMANIC_SLAVIC.test(name)) return [englishFromGermanicSlavic(name)];
  // Every record is prepared through here: plain ASCII, most names, has nothing more to offer.
  if (PLAIN_ASCII.test(name)) return [];
  // Greek γι before a vowel: Yanis and Giorgos are both usual.
  if (/(^|\s)[γΓ]ι/.test(name))
    return [
      romaniseNames(
        name.replace(
          /(^|\s)([γΓ])ι(?=[αεηιουωάέήίόύώ])/g,
          (_, pre: string, g: string) => `${pre}${g === 'Γ' ? 'Y' : 'y'}`,
        ),
      ),
    ];
  if (HAN.test(name)) {
    // A kanji name may be Japanese: its Japanese readings besides the Mandarin ones.
    const wg = wadeGilesName(name);
    const out = [...japaneseReadings(name), ...(wg ? [wg] : [])];
    // A company's Chinese name is one word in its Latin brand (阿里巴巴 Alibaba, 小米
    // Xiaomi), not a family name and a given name as a person's would be.
    if (schema !== 'Person' && HAN_NAME.test(name.trim()))
      out.push(hanSyllables(name.trim()).join(''));
    return out;
  }
  if (!CYRILLIC.test(name)) return [];
  const out = new Set<string>();
  out.add(transliterateCyrillic(name, RUSSIAN_PRESS, false));
  out.add(transliterateCyrillic(name, UKRAINIAN_PRESS, true));
  return [...out];
}
