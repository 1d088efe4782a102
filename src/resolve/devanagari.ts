/**
 * Devanagari names as Hindi speakers write them in Latin letters. A consonant letter carries
 * an inherent a that Hindi mostly does not pronounce at the end of a word or between two
 * pronounced syllables (जवाहरलाल is Jawaharlal, not Javāharalāla; any-ascii drops every one,
 * jvahrlal). Schwa deletion after Ohala ("Aspects of Hindi phonology", 1983; Choudhury, Basu &
 * Sarkar, "A diachronic approach for schwa deletion in Indo-Aryan languages", 2004): the
 * final inherent a goes unless a conjunct precedes it (Narendra, Chandra); scanning right to
 * left, a medial one goes between a vowel and a single consonant that has a vowel of its own.
 */

const CONSONANTS: Record<string, string> = {
  क: 'k',
  ख: 'kh',
  ग: 'g',
  घ: 'gh',
  ङ: 'n',
  च: 'ch',
  छ: 'chh',
  ज: 'j',
  झ: 'jh',
  ञ: 'n',
  ट: 't',
  ठ: 'th',
  ड: 'd',
  ढ: 'dh',
  ण: 'n',
  त: 't',
  थ: 'th',
  द: 'd',
  ध: 'dh',
  न: 'n',
  प: 'p',
  फ: 'ph',
  ब: 'b',
  भ: 'bh',
  म: 'm',
  य: 'y',
  र: 'r',
  ल: 'l',
  ळ: 'l',
  व: 'v',
  श: 'sh',
  ष: 'sh',
  स: 's',
  ह: 'h',
  क़: 'q',
  ख़: 'kh',
  ग़: 'gh',
  ज़: 'z',
  ड़: 'r',
  ढ़: 'rh',
  फ़: 'f',
  य़: 'y',
};
/** Letters with a nukta (़) that Unicode also writes as one code point. */
const NUKTA: Record<string, string> = {
  क: 'क़',
  ख: 'ख़',
  ग: 'ग़',
  ज: 'ज़',
  ड: 'ड़',
  ढ: 'ढ़',
  फ: 'फ़',
  य: 'य़',
};
const VOWELS: Record<string, string> = {
  अ: 'a',
  आ: 'a',
  इ: 'i',
  ई: 'i',
  उ: 'u',
  ऊ: 'u',
  ऋ: 'ri',
  ए: 'e',
  ऐ: 'ai',
  ओ: 'o',
  औ: 'au',
  ऍ: 'e',
  ऑ: 'o',
};
const SIGNS: Record<string, string> = {
  'ा': 'a',
  'ि': 'i',
  'ी': 'i',
  'ु': 'u',
  'ू': 'u',
  'ृ': 'ri',
  'े': 'e',
  'ै': 'ai',
  'ो': 'o',
  'ौ': 'au',
  'ॅ': 'e',
  'ॉ': 'o',
};
const VIRAMA = '्';
const LABIALS = new Set(['p', 'ph', 'b', 'bh', 'm']);

/** A syllable: consonants (a conjunct when more than one), then a vowel, inherent or written, or none. */
interface Syllable {
  consonants: string[];
  vowel: string;
  inherent: boolean;
  /** A nasal (anusvara, chandrabindu) or visarga after the vowel. */
  coda: string;
}

/** One Devanagari word (no spaces) in Latin letters. */
export function romaniseDevanagariWord(word: string): string {
  const chars = [...word.normalize('NFC')];
  const syllables: Syllable[] = [];
  let pending: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    let c = chars[i]!;
    if (chars[i + 1] === '़' && NUKTA[c]) {
      c = NUKTA[c]!;
      i++;
    }
    const consonant = CONSONANTS[c];
    if (consonant !== undefined) {
      pending.push(consonant);
      if (chars[i + 1] === VIRAMA) {
        i++;
        continue;
      }
      const sign = SIGNS[chars[i + 1] ?? ''];
      if (sign !== undefined) i++;
      syllables.push({
        consonants: pending,
        vowel: sign ?? 'a',
        inherent: sign === undefined,
        coda: '',
      });
      pending = [];
      continue;
    }
    const vowel = VOWELS[c];
    if (vowel !== undefined) {
      syllables.push({ consonants: pending, vowel, inherent: false, coda: '' });
      pending = [];
      continue;
    }
    const last = syllables[syllables.length - 1];
    if ((c === 'ं' || c === 'ँ') && last) last.coda = 'N';
    else if (c === 'ः' && last) last.coda = 'h';
    // Anything else (digits, danda, stray signs) is left out.
  }
  // A word ending in a virama keeps its last consonants without a vowel.
  if (pending.length > 0)
    syllables.push({ consonants: pending, vowel: '', inherent: false, coda: '' });

  const n = syllables.length;
  const voiced = syllables.map((s) => s.vowel !== '');
  const last = syllables[n - 1];
  if (n > 1 && last && last.inherent && last.coda === '' && last.consonants.length === 1)
    voiced[n - 1] = false;
  for (let i = n - 2; i >= 1; i--) {
    const s = syllables[i]!;
    const next = syllables[i + 1]!;
    if (
      s.inherent &&
      s.coda === '' &&
      s.consonants.length === 1 &&
      voiced[i - 1] &&
      next.consonants.length === 1 &&
      voiced[i + 1]
    )
      voiced[i] = false;
  }
  let out = '';
  for (let i = 0; i < n; i++) {
    const s = syllables[i]!;
    out += s.consonants.join('');
    if (voiced[i]) out += s.vowel;
    if (s.coda === 'N') {
      // A nasal is m before a labial (अंबानी Ambani), ng before h (सिंह Singh), n elsewhere
      // (गांधी Gandhi).
      const following = syllables[i + 1]?.consonants[0];
      out +=
        following === undefined
          ? 'n'
          : LABIALS.has(following)
            ? 'm'
            : following === 'h'
              ? 'ng'
              : 'n';
    } else out += s.coda;
  }
  return out;
}
