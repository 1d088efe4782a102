import { foldText } from '../core/fold.ts';
import { HANGUL, romaniseNames } from './scripts.ts';
import { LEGAL_FORMS } from '../core/legal-forms.ts';

const NON_ASCII = /[^\t\n\r -~]/;

/**
 * Name normalisation shared by matching, blocking and screening. A name becomes a list of
 * tokens, each carrying several keys that meet across spellings and scripts:
 *
 * - `text`: the folded Latin token (Şanlıurfa → sanliurfa), Arabic script transliterated
 *   consonant by consonant (محمد → mhmd);
 * - `canon`: the canonical spelling of a frequent given name (Mehmet, Mohamed, محمد → muhammad);
 * - `strict`: a consonant skeleton that keeps long vowels as Y/W (Hussein, حسين → hsYn,
 *   but Hassan → hsn);
 * - `loose`: the skeleton without medial Y/W and word-final h, the only fair comparison
 *   with Arabic script that usually writes no short vowels (Yusuf, يوسف → Ysf).
 *
 * The skeleton scheme is our own, after the consonant-class idea of Soundex (Russell 1918,
 * Odell & Russell) and of the Arabic-aware keys discussed by Pfeifer, Poersch & Fuhr,
 * "Retrieval effectiveness of proper name search methods" (1996): letters that
 * transliteration schemes use interchangeably for one Arabic consonant fall in one class
 * (q/k/c, j/g/dj, kh/h, sh/ch/ş/s, th/t, dh/z, ph/v/f), vowels fall away, doubles collapse.
 */

/**
 * `abjad`: Arabic or Hebrew script, transliterated letter by letter (see crossscript.ts);
 * `hangul`: Korean, romanised (its vowels are spelled many ways: see koreanKey in features.ts).
 */
export type Script = 'latin' | 'abjad' | 'hangul';

export interface NameToken {
  text: string;
  /** The folded spelling with long-vowel digraphs, doubled letters and kh/sh/ch/x evened out (Shireen / Şirin → sirin). */
  light: string;
  script: Script;
  canon: string | null;
  strict: string;
  loose: string;
  /** Share of the name's identity the token carries: frequent given names and generic company words weigh less. */
  weight: number;
  /** A frequent given name: how frequent, a list's own counts say (token-weights.ts). */
  common: boolean;
  /** A number unique to this token (tokens are shared): the key of cached pair similarities. */
  uid: number;
}

export interface NormalisedName {
  original: string;
  tokens: NameToken[];
  /** Token texts in order, joined: equal keys are the same name literally (after folding). */
  key: string;
  /** The key without spaces: the same letters in the same order (Hae Yang / Haeyang). */
  glued: string;
  /** Sorted token texts (canonical where known): word order does not matter. */
  fingerprint: string;
  /** The fingerprint without spaces, as the fingerprint feature compares it (Akca Kale / Akcakale). */
  packed: string;
  /** Company legal forms found and removed (ltd, llc, gmbh, as, sti …). */
  legalForms: string[];
  /** Written in an abjad (Arabic or Hebrew script): compared with Latin names letter by letter. */
  abjad: boolean;
  /** A person's name (the schema says so): token order then tells own name from father's. */
  person: boolean;
}

const ARABIC_RE = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
const HEBREW_RE = /[\u0590-\u05FF]/;
/** Arabic or Hebrew script: abjads, which write consonants and long vowels only. */
const ABJAD_RE = /[\u0590-\u05FF\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;

/**
 * Hebrew letters in the alphabet of the Arabic table (see crossscript.ts): consonants, with
 * א as a vowel carrier and ו, י as the letters that are consonants or long vowels.
 */
const HEBREW_MAP: Record<string, string> = {
  א: 'a',
  ב: 'b',
  ג: 'g',
  ד: 'd',
  ה: 'h',
  ו: 'w',
  ז: 'z',
  ח: 'kh',
  ט: 't',
  י: 'y',
  כ: 'k',
  ך: 'k',
  ל: 'l',
  מ: 'm',
  ם: 'm',
  נ: 'n',
  ן: 'n',
  ס: 's',
  ע: '',
  פ: 'p',
  ף: 'f',
  // Latin writes צ as tz, ts or z (Bezalel, Yitzhak); tz keeps it one class in skeletons.
  צ: 'tz',
  ץ: 'tz',
  ק: 'q',
  ר: 'r',
  ש: 'sh',
  ת: 't',
};

/**
 * Appends one transliterated abjad letter. Two letters that would read as one Latin digraph
 * (ز + ه is not ژ "zh"; س + ه is not ش) get an "e" between them, which skeletons ignore and
 * crossscript.ts reads as a separator (al-Zahrani, Ishaq).
 */
function appendLetter(out: string, letter: string): string {
  return letter === 'h' && /[sktdzgc]$/.test(out) ? `${out}e${letter}` : out + letter;
}

const GERESH = /['\u05F3\u2019]/;
const GERESH_SOUNDS: Record<string, string> = { ג: 'j', ז: 'zh', צ: 'ch', ץ: 'ch' };

function hebrewWord(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const ch = word[i]!;
    // Points (vowel signs) and punctuation marks add nothing; a word-opening ע reads as a vowel.
    let letter = HEBREW_MAP[ch] ?? '';
    if (i === 0 && ch === 'ע') letter = 'a';
    // A geresh after ג, ז, צ makes the sounds Hebrew has no letter for: j, zh, ch (Smotrich).
    if (GERESH.test(word[i + 1] ?? '')) letter = GERESH_SOUNDS[ch] ?? letter;
    out = appendLetter(out, letter);
  }
  return out;
}

/**
 * Arabic (and Persian/Kurdish Sorani) letters to Latin consonants. Short-vowel marks become
 * vowels when a text carries them; hamza and ʿayn vanish as most Latin spellings drop them;
 * ta marbuta is a vowel ending (Fatima / Fatimah).
 */
const ARABIC_MAP: Record<string, string> = {
  ا: 'a',
  أ: 'a',
  إ: 'a',
  آ: 'a',
  ٱ: 'a',
  ء: '',
  // Hamza on a waw or yeh seat reads as that letter in Latin spellings (Dawood داؤد, Aisha عائشة).
  ؤ: 'w',
  ئ: 'y',
  ب: 'b',
  ت: 't',
  ث: 'th',
  ج: 'j',
  ح: 'h',
  خ: 'kh',
  د: 'd',
  ذ: 'dh',
  ر: 'r',
  ز: 'z',
  س: 's',
  ش: 'sh',
  ص: 's',
  ض: 'd',
  ط: 't',
  ظ: 'z',
  // ʿayn: Latin spellings write it as nothing, a vowel or a doubled one (Saad, Meshaal,
  // Kaabi); kept as "o", a vowel to skeletons and any vowel or none to crossscript.ts.
  ع: 'o',
  غ: 'gh',
  ف: 'f',
  ق: 'q',
  ك: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h',
  و: 'w',
  ي: 'y',
  ى: 'a',
  ة: 'a',
  پ: 'p',
  چ: 'ch',
  ژ: 'zh',
  گ: 'g',
  ک: 'k',
  ی: 'y',
  ۆ: 'w',
  ێ: 'y',
  ڕ: 'r',
  ڵ: 'l',
  ڤ: 'v',
  ە: '',
  ھ: 'h',
  // Urdu and Pashto letters.
  ہ: 'h',
  ۂ: 'h',
  ۀ: 'h',
  ۃ: '',
  ٹ: 't',
  ټ: 't',
  ڈ: 'd',
  ډ: 'd',
  ڑ: 'r',
  ړ: 'r',
  ں: 'n',
  ڼ: 'n',
  ے: 'y',
  ۓ: 'y',
  ې: 'y',
  ۍ: 'y',
  ښ: 'sh',
  ږ: 'zh',
  ځ: 'dz',
  څ: 'ts',
  ګ: 'g',
  // Short-vowel marks: Latin spellings write short vowels freely, so they add nothing.
  '\u064E': '',
  '\u064F': '',
  '\u0650': '',
  '\u0651': '',
  '\u0652': '',
  '\u064B': '',
  '\u064C': '',
  '\u064D': '',
  '\u0670': 'a',
  ـ: '',
  '،': ' ',
  '٠': '0',
  '١': '1',
  '٢': '2',
  '٣': '3',
  '٤': '4',
  '٥': '5',
  '٦': '6',
  '٧': '7',
  '٨': '8',
  '٩': '9',
};

/** Particles whose consonants alone would not meet their Latin spelling. */
const ARABIC_WORDS: Record<string, string> = {
  // The final و of ʿAmr is written, never read.
  عمرو: 'omr',
  أبو: 'abu',
  ابو: 'abu',
  أبي: 'abu',
  أبا: 'abu',
  عبد: 'abd',
  بن: 'bin',
  ابن: 'bin',
  بنت: 'bint',
};

/**
 * Transliterates one Arabic-script word to Latin consonants, stripping the article ال.
 * `final` says whether the word ends the name: a ta marbuta inside a construct (هيئة تحرير,
 * Hayat Tahrir) is pronounced and written t.
 */
function arabicWord(word: string, final = true): string[] {
  let w = word.replace(/[\u0653-\u065F\u06D6-\u06ED]/g, '');
  if (w === 'الله' || w === 'لله') return ['allah'];
  const special = ARABIC_WORDS[w];
  if (special) return [special];
  const out: string[] = [];
  // عبد and أبو glue to the next word in Latin spellings (Abdulrahman, Abubakr); handled on tokens.
  if (w.length > 3 && w.startsWith('ال')) w = w.slice(2);
  else if (w.length > 3 && w.startsWith('وال')) w = w.slice(3);
  else if (w.length > 4 && w.startsWith('عبدال')) {
    out.push('abd');
    w = w.slice(5);
    if (w === 'له' || w === 'لة') return ['abd', 'allah'];
  }
  let latin = '';
  for (let i = 0; i < w.length; i++) {
    const ch = w[i]!;
    let letter = ARABIC_MAP[ch] ?? '';
    if (ch === 'ة' && !final) letter = 't';
    // A word that opens on a vowel carrier (alif, hamza, ʿayn) opens on a vowel in Latin
    // (Omar, Aisha, Ibrahim): kept as a vowel, which skeletons ignore and spellings compare.
    else if (i === 0 && 'اأإآئؤ'.includes(ch)) letter = ch === 'إ' ? 'i' : 'a';
    latin = appendLetter(latin, letter);
  }
  if (latin) out.push(latin);
  return out;
}

function transliterateAbjad(text: string, construct: boolean): string {
  // The zero-width non-joiner joins the parts of one Persian word (احمدی‌نژاد, Ahmadinejad).
  const words = text
    .replace(/\u200c/g, '')
    .split(/[\s\u200f\u200e\-_.,،/]+/)
    .filter(Boolean);
  return words
    .map((word, i) =>
      ARABIC_RE.test(word)
        ? arabicWord(word, !construct || i === words.length - 1).join(' ')
        : HEBREW_RE.test(word)
          ? hebrewWord(word)
          : word,
    )
    .join(' ');
}

/**
 * Frequent given names and their spellings across Arabic, Turkish, Kurdish, French and
 * English transliteration; every spelling meets its canonical form.
 */
const VARIANTS: Record<string, string[]> = {
  // A family name spelt more ways than any rule of letters covers (ق as q, g or k; ذ as dh,
  // d or z; the doubled letter written or not), and on every list.
  qadhafi: [
    'gaddafi',
    'qaddafi',
    'gadhafi',
    'kadhafi',
    'kaddafi',
    'qadhdhafi',
    'gadafi',
    'kadafi',
    'qathafi',
    'gheddafi',
    'qazzafi',
    'khadafi',
    'khaddafi',
    'gadaffi',
    'qadafi',
  ],
  muhammad: [
    'mohammed',
    'mohammad',
    'mohamed',
    'mohamad',
    'muhammed',
    'muhamed',
    'muhamad',
    'mehmet',
    'mehmed',
    'mahomed',
    'mouhamed',
    'mouhammad',
    'mohamud',
    'mohd',
    'muhammet',
    'mohammod',
    'mohammadi',
    'magomed',
    'magomet',
    'mukhammed',
    'mukhammad',
    'maxamed',
  ],
  ahmad: ['ahmed', 'ahmet', 'ahmat', 'ehmed', 'akhmed', 'achmed'],
  mahmud: ['mahmoud', 'mahmood', 'mahmut', 'mehmud'],
  mustafa: ['mustapha', 'moustafa', 'mostafa', 'mustafah', 'mistefa'],
  husayn: [
    'gusein',
    'guseyn',
    'huseyn',
    'hussein',
    'husein',
    'hussain',
    'husain',
    'huseyin',
    'hossein',
    'hosein',
    'houssein',
    'hussien',
    'husseyn',
  ],
  hasan: ['hassan', 'hasen', 'hesen', 'hassen', 'hacen', 'gasan', 'xasan'],
  umar: ['omar', 'omer', 'umer', 'omor'],
  uthman: ['othman', 'osman', 'usman', 'outhman', 'othmane', 'osmane'],
  yusuf: ['youssef', 'yousef', 'yusef', 'yousif', 'yousuf', 'youcef', 'yusif'],
  ibrahim: ['ebrahim', 'ibraheem', 'brahim', 'ibrahem', 'birahim'],
  khalil: ['halil', 'khaleel', 'xelil', 'khelil'],
  sulayman: [
    'suleiman',
    'sulaiman',
    'suleyman',
    'soliman',
    'sleiman',
    'slimane',
    'souleymane',
    'sulaymaan',
    'silemane',
  ],
  abdullah: ['abdallah', 'abdulla', 'abdellah', 'abdillah', 'abdollah'],
  qadir: ['kadir', 'kader', 'qader', 'kadeer', 'qadeer', 'gadir'],
  khalid: ['khaled', 'halid', 'haled', 'xalid', 'khaleed'],
  salih: ['saleh', 'salihu', 'saalih'],
  yahya: ['yehia', 'yahia', 'yehya', 'yahyah', 'yahyaa'],
  ismail: ['ismael', 'esmail', 'ismayil', 'smail', 'ismaeel'],
  abbas: ['abas'],
  ali: ['aly', 'alee', 'eli'],
  hamza: ['hamzah', 'hamze', 'hemze'],
  jamal: ['gamal', 'cemal', 'djamal', 'jamel', 'gamel'],
  jafar: ['jaafar', 'cafer', 'jafer', 'djafar'],
  faruq: ['farouk', 'faruk', 'farouq', 'farooq'],
  rashid: ['rachid', 'reshid', 'resit', 'rasheed', 'rashed'],
  nasir: ['nasser', 'naser', 'nasr', 'nacer', 'naseer'],
  said: ['saeed', 'sayed', 'sayid', 'sait', 'saied', 'saiid'],
  walid: ['waleed', 'velid', 'oualid'],
  zayd: ['zaid', 'zeid', 'zayed', 'zeyd'],
  hamid: ['hameed', 'hamed', 'hamit'],
  abd: ['abdul', 'abdel', 'abdal', 'abdol', 'abdoul', 'abdu', 'abdi', 'abdil'],
  abu: ['abou', 'abo', 'ebu', 'aboo'],
  fatima: ['fatimah', 'fatma', 'fatime', 'fatemeh', 'fadime'],
  aisha: ['aysha', 'aicha', 'ayse', 'aishah', 'ayesha'],
  khadija: ['khadijah', 'hatice', 'khadidja', 'xedice'],
  zaynab: ['zainab', 'zeynep', 'zeinab', 'zineb'],
  maryam: ['mariam', 'meryem', 'miriam'],
  ayyub: ['ayoub', 'eyup', 'ayub', 'ayoob'],
  yunus: ['younes', 'younis', 'yonis', 'younus'],
  musa: ['moussa', 'mousa', 'mosa'],
  isa: ['issa', 'eisa', 'aisa'],
  bakr: ['bakir', 'bekir', 'baker', 'bakar'],
  raqqa: ['raqqah', 'rakka', 'raka'],
  dayr: ['deir', 'der', 'dair'],
  zawr: ['zor', 'zour', 'zur'],
  air: ['airlines', 'airline', 'airways'],
  // Slavic given names across Russian, Ukrainian and Belarusian romanisations and English.
  aleksandr: [
    'alexander',
    'aleksander',
    'alexandr',
    'aliaksandr',
    'alyaksandr',
    'aljaksandr',
    'oleksandr',
    'olexander',
    'olexandr',
  ],
  aleksei: ['alexei', 'alexey', 'aleksey', 'alexej', 'oleksiy', 'oleksii', 'aliaksei', 'alyaksey'],
  sergei: ['sergey', 'serguei', 'serhiy', 'serhii', 'siarhei', 'sergej', 'sergiy'],
  yevgeny: ['evgeny', 'evgeniy', 'yevgeniy', 'evgenii', 'yevhen', 'yevgenii', 'evgueni', 'jewgeni'],
  dmitry: ['dmitri', 'dmitriy', 'dmytro', 'dzmitry', 'dmitrii', 'dimitri'],
  mikhail: ['michail', 'mykhailo', 'mikhael', 'mikhailo', 'mikhal'],
  nikolai: ['nikolay', 'mykola', 'mikalai', 'nikolaj', 'nicolai'],
  vladimir: ['volodymyr', 'uladzimir', 'wladimir', 'vladimer'],
  yuri: ['yury', 'yuriy', 'iurii', 'yurii', 'juri', 'jurij', 'yurii'],
  andrei: ['andrey', 'andriy', 'andrii', 'andrej', 'andrzej'],
  pyotr: ['petr', 'petro', 'piotr', 'pyotor'],
  viktor: ['victor', 'wiktor'],
  igor: ['ihor', 'igor'],
  oleg: ['oleh', 'aleh'],
  grigory: ['grigori', 'grigoriy', 'hryhoriy', 'hryhorii', 'ryhor'],
  georgy: ['georgiy', 'heorhiy', 'heorhii', 'georgi'],
  yekaterina: ['ekaterina', 'kateryna', 'katsiaryna', 'katerina'],
  yelena: ['elena', 'olena', 'alena', 'alyona', 'helena'],
  olga: ['olha', 'volha'],
  natalya: ['natalia', 'nataliya', 'natallia', 'natalja'],
  tatyana: ['tatiana', 'tetiana', 'tatsiana', 'tatjana'],
  svetlana: ['sviatlana', 'svitlana', 'swetlana'],
  irina: ['iryna', 'iryina'],
  yulia: ['yuliya', 'iuliia', 'julia', 'yulija'],
};
/** Every spelling of a table of spellings (the canonical one among them) to its canonical one. */
function canonicalOf(table: Record<string, string[]>): Map<string, string> {
  const of = new Map<string, string>();
  for (const [canon, list] of Object.entries(table)) {
    of.set(canon, canon);
    for (const v of list) of.set(v, canon);
  }
  return of;
}
const VARIANT_OF = canonicalOf(VARIANTS);

/**
 * The generic words of company names in the languages and scripts of the lists, under one
 * English word (Банк, بنك, بانک, مصرف are a bank; Концерн a concern; شركة, شرکت a company),
 * so that a company's name in its own script meets its English name word for word. Abjad
 * words are written as the normaliser romanises them (consonants and long vowels). Used only
 * for organisations: a person may well be called Bank or Gruppa.
 */
const COMPANY_WORDS: Record<string, string[]> = {
  bank: ['banka', 'bankasi', 'banque', 'banco', 'bnk', 'msrf', 'almsrf', 'albnk'],
  group: [
    'gruppa',
    'gruppy',
    'grupa',
    'grup',
    'grubu',
    'grupo',
    'groupe',
    'gruppe',
    'mjmwat',
    'mjmwt',
  ],
  concern: ['kontsern', 'konzern', 'koncern'],
  company: [
    'co',
    'kompaniya',
    'kompania',
    'compania',
    'compagnie',
    'sirketi',
    'sirket',
    'shrkt',
    'shrkh',
    'alshrkt',
  ],
  corporation: ['corp', 'korporatsiya', 'korporatsii', 'corporacion', 'mwssh', 'mwssst'],
  network: ['shbkeh', 'shbkh', 'shbkt', 'alshbkt'],
  systems: ['system', 'sistemy', 'sistemas', 'sistemleri', 'mrkwt', 'anzmt', 'nzam'],
  air: ['airlines', 'airline', 'airways', 'ayr', 'havayolu', 'havayollari', 'aviakompaniya'],
  aviation: ['hwayy', 'hwaypymayy', 'aviatsiya', 'havacilik', 'tyran', 'altyran'],
  services: ['khdmat', 'alkhdmat', 'uslugi', 'hizmetleri', 'servicios'],
  petroleum: ['petrol', 'oil', 'neft', 'naft', 'nft', 'alnft', 'llnft', 'petroleo'],
};
const COMPANY_WORD_OF = canonicalOf(COMPANY_WORDS);

/** Given names so frequent that sharing one says little: a name needs more than these to match. */
const COMMON = new Set([
  'muhammad',
  'ahmad',
  'ali',
  'hasan',
  'husayn',
  'mahmud',
  'mustafa',
  'umar',
  'abdullah',
  'ibrahim',
  'khalid',
  'yusuf',
  'salih',
  'said',
  'hamid',
  'abd',
  'abu',
  'ismail',
  'uthman',
  'fatima',
  'aisha',
  'rahman',
  'abdrahman',
  'allah',
  'abdallah',
  'din',
  'jasim',
  'kasim',
  'qasim',
  'karim',
]);

/**
 * Words only an organisation's name carries (Shahid Bakeri Industrial Group): an entry of
 * no stated kind that has one is an organisation, never a person.
 */
const ORGANISATION_WORDS = new Set([
  'group',
  'company',
  'companies',
  'industry',
  'industries',
  'industrial',
  'trading',
  'enterprise',
  'enterprises',
  'holding',
  'holdings',
  'corporation',
  'bank',
  'services',
  'systems',
  'technologies',
  'logistics',
  'ministry',
  'organization',
  'organisation',
  'institute',
  'university',
  'foundation',
  'association',
  'committee',
  'agency',
  'office',
  'shipping',
  'airlines',
  'factory',
  'establishment',
]);

/** Whether a normalised name has a word only organisations' names carry. */
export function hasOrganisationWord(name: NormalisedName): boolean {
  return name.tokens.some(
    (t) => ORGANISATION_WORDS.has(t.text) || ORGANISATION_WORDS.has(t.canon ?? ''),
  );
}

/** Words that describe what a company does rather than who it is. */
const GENERIC = new Set([
  'air',
  'aviation',
  'imp',
  'exp',
  'concern',
  'trading',
  'trade',
  'general',
  'international',
  'intl',
  'group',
  'import',
  'export',
  'imports',
  'exports',
  'industry',
  'industries',
  'industrial',
  'company',
  'companies',
  'enterprise',
  'enterprises',
  'services',
  'service',
  'holding',
  'holdings',
  'and',
  've',
  've',
  'the',
  'of',
  'for',
  'sanayi',
  'ticaret',
  'dis',
  'ic',
  'insaat',
  'tekstil',
  'gida',
  'kimya',
  'nakliyat',
  'lojistik',
  'petrol',
  'petroleum',
  'oil',
  'gas',
  'bank',
  'network',
  'systems',
  'corporation',
  'electronics',
  'electronic',
  'technology',
  'technologies',
  'tech',
  'logistics',
  'transport',
  'shipping',
  'construction',
  'contracting',
  'est',
  'establishment',
  'office',
  'bureau',
  'agency',
  'global',
  'middle',
  'east',
  'chemical',
  'chemicals',
  'kimyevi',
  'mad',
  'urunleri',
  'tic',
  'san',
  'muessese',
  'muessesesi',
  'sirket',
  'ltd',
  'co',
]);

const PERSON_SCHEMAS = new Set(['Person']);
const ORG_SCHEMAS = new Set(['Company', 'Organization', 'PublicBody']);

/** Arabic articles, also in their sun-letter assimilated forms (ad-Din, ar-Rahman, ez-Zor). */
const ARTICLES = new Set(['al', 'el', 'ul', 'il']);
// ad-Din, ar-Rahman, ez-Zor; ud-Din, ur-Rehman in South Asian spellings.
const ASSIMILATED = /^[aeu]([dtrsznl]|sh|th|dh)$/;
/** Second parts that Latin spellings glue to the word before (Nasrallah, Salaheddine). */
const GLUED_SECONDS = new Set(['allah', 'din', 'dine', 'deen', 'dyn']);
/**
 * Names that open on "al"/"el" without an Arabic article: European (Albert, Alfredo,
 * Alyaksandr, Aliaksei, Elvira) and Turkish (Alper, Alparslan, Altan, Altun, Alkan).
 */
const NOT_ARTICLE =
  /^(alb|alf|alv|alp|alt|alk|aly|alj|almir|alma$|almaz|elv|elm[ie]|elb|elf|elt|elk)/;
/** Legal forms written before the name (ООО Техкомплект, ПАО Газпром, PT Maju): removed there too. */
const PREFIX_FORMS = new Set([
  'ooo',
  'oao',
  'zao',
  'pao',
  'ao',
  'jsc',
  'pjsc',
  'ojsc',
  'cjsc',
  'tov',
  'pt',
  'llc',
]);

/** Legal forms spelled out, as their abbreviations (Public Joint Stock Company → pjsc). */
const SPELLED_FORMS: [RegExp, string][] = [
  [/\bpublic joint stock company\b/g, 'pjsc'],
  [/\bopen joint stock company\b/g, 'ojsc'],
  [/\bclosed joint stock company\b/g, 'cjsc'],
  [/\bjoint stock company\b/g, 'jsc'],
  [/\blimited liability company\b/g, 'llc'],
  [/\blimited liability partnership\b/g, 'llp'],
  [/\bpublic limited company\b/g, 'plc'],
  [/\bfree zone establishment\b/g, 'fze'],
  [/\bfree zone company\b/g, 'fzco'],
  [/\bprivate limited\b/g, 'pvt ltd'],
];

function spelledOutForms(folded: string): string {
  if (!/company|limited|establishment/.test(folded)) return folded;
  let s = folded;
  for (const [re, abbreviation] of SPELLED_FORMS) s = s.replace(re, abbreviation);
  return s;
}

/** First and second parts of compound given names, as Latin spellings and as our abjad letters. */
const COMPOUND_FIRST = new Set([
  'mohammad',
  'mohamad',
  'muhammad',
  'mohammed',
  'gholam',
  'golam',
  'qolam',
  'ghulam',
  'amir',
  'ali',
  'mir',
  'mhmd',
  'ghlam',
  'amyr',
  'oly',
  'myr',
]);
const COMPOUND_SECOND = new Set([
  'reza',
  'ali',
  'hossein',
  'hosein',
  'hasan',
  'hassan',
  'javad',
  'bagher',
  'baqer',
  'taghi',
  'taqi',
  'mahdi',
  'mehdi',
  'sadegh',
  'sadeq',
  'hadi',
  'karim',
  'jafar',
  'kazem',
  'hamid',
  'amin',
  'rda',
  'oly',
  'hsyn',
  'hsn',
  'jwad',
  'baqr',
  'tqy',
  'mhdy',
  'sadq',
  'hady',
  'krym',
  'jofr',
  'kazm',
  'hamd',
  'amyn',
]);

/** "gholamreza" → ["gholam", "reza"]; "benmoussa" → ["ben", "moussa"]; null when not a compound. */
function splitCompound(word: string, abjad: boolean): string[] | null {
  for (let k = 2; k <= word.length - 2; k++) {
    const first = word.slice(0, k);
    const second = word.slice(k);
    if (COMPOUND_FIRST.has(first) && COMPOUND_SECOND.has(second)) return [first, second];
  }
  // Ben / Bin glued to a known given name in Maghreb spellings (Benmoussa, Benali).
  if (!abjad) {
    const m = /^(ben|bin)(.{3,})$/.exec(word);
    if (m && VARIANT_OF.has(m[2]!)) return [m[1]!, m[2]!];
  }
  return null;
}

/** Titles and honorifics that open a person's name on lists and in the press (Mullah Omar, Dr. Ayman). */
const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sheikh',
  'shaikh',
  'shaykh',
  'cheikh',
  'haji',
  'hajji',
  'hadji',
  'mullah',
  'mulla',
  'molla',
  'mawlawi',
  'maulvi',
  'maulana',
  'ayatollah',
  'hojatoleslam',
  'general',
  'gen',
  'colonel',
  'col',
  'brigadier',
  'major',
  'maj',
  'captain',
  'capt',
  'lt',
  // The same titles in Arabic script, as transliterated (ملا, شيخ, حاجي).
  'mla',
  'mlla',
  'shykh',
  'hajy',
]);
const CONNECTORS = new Set(['bin', 'ibn', 'ben', 'bint', 'bn', 'binti', 'ould', 'oglu']);

/**
 * Folds text, transliterating Arabic script first (any-ascii would give vowel-less guesses).
 * `organisation`: the name is an organisation's, whose words stand in construct (جبهة النصرة,
 * Jabhat al-Nusra: the ta marbuta is read t); in a person's name it is silent (Osama bin Laden).
 */
export function foldName(text: string, organisation = false): string {
  const s = ABJAD_RE.test(text)
    ? transliterateAbjad(text.normalize('NFKC'), organisation)
    : NON_ASCII.test(text)
      ? romaniseNames(text)
      : text;
  return foldText(s);
}

/** Whether a text is written (in part) in an abjad: Arabic or Hebrew script. */
export function isAbjad(text: string): boolean {
  return ABJAD_RE.test(text);
}

/** The canonical spelling of a known given name, or null. */
export function variantOf(token: string): string | null {
  return VARIANT_OF.get(token) ?? null;
}

/**
 * Consonant skeleton of a folded Latin token (see the module comment); `loose` also drops
 * medial long vowels (Y, W) and a word-final h.
 */
export function skeleton(token: string, loose = false): string {
  // The loose skeleton also merges c with j and t with d (see below): it is the blocking
  // key and the cross-script comparison, where recall matters more than precision.
  // kh and x become H, not h, so that no later rule reads a new digraph across it: Mazkhur
  // and Mazxur are both m-z-h-r, never Majur (zh) or Mazur (dh).
  let s = token
    .replace(/sch/g, 's')
    .replace(/kh/g, 'H')
    // gh is غ in Arabic spellings and ق in Persian ones (Ghasemi / قاسمی, Bagheri / Baqeri):
    // one class with q and k.
    .replace(/gh/g, 'q')
    .replace(/sh|ch/g, 's')
    .replace(/th/g, 't')
    .replace(/dh/g, 'z')
    .replace(/ph/g, 'f')
    .replace(/dj|dzh|zh/g, 'j')
    .replace(/ck/g, 'k')
    // Kurdish and Somali x is the kh / ḥ of Arabic spellings (Xelîl / Khalil, Maxamed /
    // Mohamed); after e it is mostly the ks of European names (Alexei, Rosoboronexport).
    .replace(/ex/g, 'eks')
    .replace(/x/g, 'H');
  // Long vowels as Latin spellings write them, before single vowels fall away.
  s = s
    .replace(/ou|oo|uu|aw(?![aeiou])|ow(?![aeiou])/g, 'W')
    .replace(/ee|ii|ei|ey|ai|ay|iy|ie/g, 'Y');
  let out = '';
  let vowelSince = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    let m: string;
    switch (c) {
      case 'a':
      case 'e':
      case 'i':
      case 'o':
      case 'u':
        m = '';
        break;
      case 'q':
      case 'k':
        m = 'k';
        break;
      case 'c':
        // Turkish and Kurdish c is the j of Arabic spellings (Cemal / Jamal, Cuburi / Jubouri).
        m = loose ? 'j' : 'k';
        break;
      case 't':
      case 'z':
        // Final devoicing in Turkish spellings (Murad / Murat, Mehmed / Mehmet), and ذ ض ظ
        // written d, dh or z: the loose skeleton takes them as one.
        m = loose ? 'd' : c;
        break;
      case 'g':
        // g is ج (Gamal), غ (Turkish Ğ for gh) or ق (Gulf Gaddafi, Persian Ghasemi): the loose
        // skeleton, a blocking key, takes it with q and k; the strict one with j.
        m = loose ? 'k' : 'j';
        break;
      case 'j':
        m = 'j';
        break;
      case 'H':
        m = 'h';
        break;
      case 'v':
      case 'f':
        // Hebrew ב and פ are b or v, p or f: the loose skeleton takes the labials as one.
        m = loose ? 'b' : 'f';
        break;
      case 'p':
        m = 'b';
        break;
      case 'w':
      case 'W':
        m = 'W';
        break;
      case 'y':
      case 'Y':
        m = 'Y';
        break;
      default:
        m = c;
    }
    // Doubles collapse when written side by side (Hassan); across a vowel they are two
    // consonants in the strict skeleton (Potanin is not Putin), one in the loose one.
    if (m && (out[out.length - 1] !== m || (!loose && vowelSince))) out += m;
    vowelSince = m === '' ? true : m ? false : vowelSince;
  }
  if (out === '') return '';
  if (loose) {
    // Y/W stay only where they open the word (Yusuf, Walid): elsewhere Arabic writes them and Latin often does not.
    out = out[0]! + out.slice(1).replace(/[YW]/g, '');
    if (out.length > 1 && out.endsWith('h')) out = out.slice(0, -1);
    out = out.replace(/(.)\1+/g, '$1');
  }
  return out;
}

/** See NameToken.light. */
export function lightSpelling(token: string): string {
  return token
    .replace(/sch|sh|ch/g, 's')
    .replace(/kh|x/g, 'h')
    .replace(/ee|ii|ie/g, 'i')
    .replace(/oo|ou|uu/g, 'u')
    .replace(/q/g, 'k')
    .replace(/(.)\1+/g, '$1')
    .replace(/([aeiou])h$/, '$1');
}

let commonSkeletonSet: Set<string> | null = null;
function commonSkeletons(): Set<string> {
  commonSkeletonSet ??= new Set([...COMMON].map((n) => skeleton(n, true)));
  return commonSkeletonSet;
}

/** "abdulrahman" → ["abd", "rahman"]; "abdullah" → ["abd", "allah"]; others unchanged. */
function splitGlued(tok: string): string[] {
  const m = /^(abd|abu|abou)(?:(?:ul|el|al|ol|ou|u|e|i|a)?)(.*)$/.exec(tok);
  if (m && tok.length > 5) {
    let rest = m[2]!;
    // ar-Rahman glued: abdurrahman, abderrahmane
    const assim = /^([dtrsznl])\1(.+)$/.exec(rest);
    if (assim) rest = assim[1]! + assim[2]!;
    else if (/^(l?lah|la|llah|llahi)$/.test(rest)) rest = 'allah';
    if (rest.length >= 2 && !VARIANT_OF.has(tok)) return [m[1] === 'abd' ? 'abd' : 'abu', rest];
  }
  if (tok === 'abdullah' || VARIANT_OF.get(tok) === 'abdullah') return ['abd', 'allah'];
  // Glued assimilated article: ezzor, arrahman, addin (but not allah, which is a word).
  const g = /^[ae]([dtrszn])\1(.{2,})$/.exec(tok);
  if (g) return [g[1]! + g[2]!];
  return [tok];
}

export interface NormaliseOptions {
  schema?: string;
}

/** Normalises one name for matching; see the module comment for what each token key means. */
export function normaliseName(name: string, opts: NormaliseOptions = {}): NormalisedName {
  const abjad = ABJAD_RE.test(name);
  const person = opts.schema !== undefined && PERSON_SCHEMAS.has(opts.schema);
  // "KHALIL, Hussein Ali": lists write the family name first before a comma; put it last.
  const comma = person ? /^([^,]+),([^,]+)$/.exec(name) : null;
  const ordered = comma ? `${comma[2]!.trim()} ${comma[1]!.trim()}` : name;
  const folded = foldName(ordered, opts.schema !== undefined && ORG_SCHEMAS.has(opts.schema));
  const spelled = person ? folded : spelledOutForms(folded);
  let raw = spelled ? spelled.split(' ') : [];
  const legalForms: string[] = [];
  // Runs of single letters are initials or dotted legal forms (A.Ş., S.A.R.L.): join runs at the end.
  if (!person) {
    let dottedForm = false;
    let i = raw.length;
    while (i > 0 && raw[i - 1]!.length === 1) i--;
    if (raw.length - i >= 2) {
      const joined = raw.slice(i).join('');
      if (LEGAL_FORMS.has(joined)) {
        raw = [...raw.slice(0, i), joined];
        dottedForm = true;
      }
    }
    const orgLike =
      dottedForm ||
      (opts.schema !== undefined && ORG_SCHEMAS.has(opts.schema)) ||
      raw.some((t, j) => j > 0 && LEGAL_FORMS.has(t) && t !== 'as' && t !== 'ad') ||
      (raw.length > 1 && PREFIX_FORMS.has(raw[0]!));
    if (orgLike) {
      const kept: string[] = [];
      for (let j = 0; j < raw.length; j++) {
        const t = raw[j]!;
        if ((j > 0 && LEGAL_FORMS.has(t)) || (j === 0 && raw.length > 1 && PREFIX_FORMS.has(t)))
          legalForms.push(
            t === 'limited' ? 'ltd' : t === 'sirketi' ? 'sti' : t === 'incorporated' ? 'inc' : t,
          );
        else kept.push(t);
      }
      if (kept.length > 0) raw = kept;
    }
  }
  // Titles open a name: dropped while a name is left after them.
  if (person) while (raw.length > 2 && TITLES.has(raw[0]!)) raw = raw.slice(1);
  const words: string[] = [];
  let afterArticle = false;
  for (let j = 0; j < raw.length; j++) {
    const t = raw[j]!;
    const next = raw[j + 1];
    if (ARTICLES.has(t) && next !== undefined) {
      afterArticle = true;
      continue;
    }
    // ez Zor, ar Rahman, ad Din: an article that repeats the next word's first consonant.
    if (ASSIMILATED.test(t) && next !== undefined && next.startsWith(t.slice(1))) {
      afterArticle = true;
      continue;
    }
    if (CONNECTORS.has(t) && j > 0 && next !== undefined) continue;
    // "al" glued to a word: alraqqa, elhasan (only when what is left is long enough to be a word).
    const glued = /^(al|el)([bcdfghjklmnpqrstvwxyz].{3,})$/.exec(t);
    const base = glued && !VARIANT_OF.has(t) && !NOT_ARTICLE.test(t) ? glued[2]! : t;
    // After an article a word is the name itself (al-Assad is not as-Sad).
    const parts = afterArticle ? [base] : splitGlued(base);
    afterArticle = false;
    // Allah and ad-Din compounds are one word in most Latin spellings: Nasr Allah = Nasrallah.
    if (
      GLUED_SECONDS.has(parts[0]!) &&
      words.length > 0 &&
      !/^(abd|abu)$/.test(VARIANT_OF.get(words[words.length - 1]!) ?? words[words.length - 1]!)
    )
      words[words.length - 1] += parts.shift()!;
    words.push(...parts);
  }
  // Compound given names written as one word (Persian محمدرضا, Gholamreza; Maghreb Benmoussa):
  // split as the other spelling writes them apart.
  for (let j = 0; j < words.length; j++) {
    const parts = splitCompound(words[j]!, abjad);
    if (parts) words.splice(j, 1, ...parts);
  }
  // Abd / Abu bind to the name that follows: Abd al-Rahman is one name, "abd" alone says nothing.
  const merged: string[] = [];
  for (let j = 0; j < words.length; j++) {
    const w = words[j]!;
    const canon = VARIANT_OF.get(w) ?? w;
    if ((canon === 'abd' || canon === 'abu') && j + 1 < words.length) {
      const nextCanon = VARIANT_OF.get(words[j + 1]!) ?? words[j + 1]!;
      merged.push(canon + nextCanon);
      j++;
    } else merged.push(w);
  }
  const script: Script = abjad ? 'abjad' : HANGUL.test(name) ? 'hangul' : 'latin';
  const tokens: NameToken[] = merged.filter(Boolean).map((text) => makeToken(text, script, person));
  const fingerprint = tokens
    .map((t) => t.canon ?? t.text)
    .sort()
    .join(' ');
  const key = tokens.map((t) => t.text).join(' ');
  return {
    original: name,
    tokens,
    key,
    glued: key.replace(/ /g, ''),
    fingerprint,
    packed: fingerprint.replace(/ /g, ''),
    legalForms,
    abjad,
    person,
  };
}

// Names repeat their tokens endlessly (a million names hold a few thousand distinct
// words): tokens are immutable, so each distinct one is built once and shared.
// One map per script and kind of name, keyed by the text itself: no key string is built
// per token (three million tokens in a million names).
const tokenCaches = new Map<Script, [Map<string, NameToken>, Map<string, NameToken>]>();
let tokensCached = 0;
let nextTokenUid = 1;

function makeToken(text: string, script: Script, person: boolean): NameToken {
  const abjad = script === 'abjad';
  let caches = tokenCaches.get(script);
  if (caches === undefined) tokenCaches.set(script, (caches = [new Map(), new Map()]));
  const cache = caches[person ? 1 : 0];
  const cached = cache.get(text);
  if (cached) return cached;
  const canon = VARIANT_OF.get(text) ?? (person ? null : COMPANY_WORD_OF.get(text)) ?? null;
  const basis = canon ?? text;
  const common = abjad ? commonSkeletons().has(skeleton(basis, true)) : COMMON.has(basis);
  const generic = !person && (GENERIC.has(text) || GENERIC.has(basis));
  const weight =
    text.length === 1 ? 0.3 : generic ? 0.5 : common ? 0.5 : /^\d+$/.test(text) ? 0.6 : 1;
  const token: NameToken = Object.freeze({
    text,
    light: lightSpelling(basis),
    script,
    canon,
    strict: skeleton(basis),
    loose: skeleton(basis, true),
    weight,
    common: text.length > 1 && !generic && common,
    uid: nextTokenUid++,
  });
  if (++tokensCached > 500_000) {
    for (const [organisation, personal] of tokenCaches.values()) {
      organisation.clear();
      personal.clear();
    }
    tokensCached = 1;
  }
  cache.set(text, token);
  return token;
}

/** Sorted-token fingerprint of a name (word order and spelling of known given names removed). */
export function nameFingerprint(name: string, schema?: string): string {
  return normaliseName(name, { schema }).fingerprint;
}
