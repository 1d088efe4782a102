import { describe, expect, it } from 'vitest';
import { JAPANESE_TABLES, hasKanji, japaneseReadings, romaniseKana } from './japanese.ts';

const first = (name: string) => japaneseReadings(name)[0];

describe('hasKanji', () => {
  it('tells kanji names from Latin ones', () => {
    expect(hasKanji('安倍')).toBe(true);
    expect(hasKanji('安倍 晋三')).toBe(true);
    expect(hasKanji('吉本ばなな')).toBe(true);
    expect(hasKanji('Abe')).toBe(false);
    expect(hasKanji('ソニー')).toBe(false);
    expect(hasKanji('')).toBe(false);
  });
});

describe('japaneseReadings: people', () => {
  it('reads prime ministers, given name first', () => {
    expect(japaneseReadings('安倍晋三')).toContain('Shinzo Abe');
    expect(first('岸田文雄')).toBe('Fumio Kishida');
    expect(first('菅義偉')).toBe('Yoshihide Suga');
    expect(first('小泉純一郎')).toBe('Junichiro Koizumi');
    expect(first('麻生太郎')).toBe('Taro Aso');
    expect(first('東條英機')).toBe('Hideki Tojo');
  });
  it('offers both usual readings of a family name, the more usual first', () => {
    expect(japaneseReadings('河野太郎')).toEqual(['Taro Kono', 'Taro Kawano']);
    expect(japaneseReadings('菅義偉')).toEqual(['Yoshihide Suga', 'Yoshihide Kan']);
  });
  it('reads writers, artists and others', () => {
    expect(first('村上春樹')).toBe('Haruki Murakami');
    expect(first('黒澤明')).toBe('Akira Kurosawa');
    expect(first('山本五十六')).toBe('Isoroku Yamamoto');
    expect(first('鈴木花子')).toBe('Hanako Suzuki');
    expect(first('孫正義')).toBe('Masayoshi Son');
    expect(first('司馬遼太郎')).toBe('Ryotaro Shiba');
  });
  it('takes the longest known family name, and a shorter one when the rest is unreadable', () => {
    // 東條 beats 東; 佐々木 beats nothing shorter.
    expect(first('東條英機')).toBe('Hideki Tojo');
    expect(first('佐々木一郎')).toBe('Ichiro Sasaki');
    expect(first('森喜朗')).toBe('Yoshiro Mori');
  });
  it('splits at a space, full-width space or not', () => {
    expect(first('田中 一郎')).toBe('Ichiro Tanaka');
    expect(first('田中\u3000一郎')).toBe('Ichiro Tanaka');
    expect(first('安倍・晋三')).toBe('Shinzo Abe');
    // A space after an unknown family name: nothing to read.
    expect(japaneseReadings('习 近平')).toEqual([]);
  });
  it('composes a given name from name kanji when it is not in the table', () => {
    expect(JAPANESE_TABLES.GIVEN['和正']).toBeUndefined();
    expect(first('佐藤和正')).toBe('Kazumasa Sato');
    // 々 repeats the kanji before it.
    expect(JAPANESE_TABLES.GIVEN['奈々美']).toBeUndefined();
    expect(first('田中奈々美')).toBe('Nanami Tanaka');
    // n before a vowel stays as written (Kenichi, not Ken'ichi).
    expect(japaneseReadings('山田健市')).toContain('Kenichi Yamada');
  });
  it('reads a given name in kana', () => {
    expect(first('吉本ばなな')).toBe('Banana Yoshimoto');
    expect(first('大坂なおみ')).toBe('Naomi Osaka');
  });
  it('returns the family name alone when nothing follows it', () => {
    expect(japaneseReadings('長谷川')).toEqual(['Hasegawa']);
    expect(japaneseReadings('東')).toEqual(['Higashi', 'Azuma']);
  });
  it('returns nothing when the given name cannot be read', () => {
    expect(japaneseReadings('田中鬱')).toEqual([]);
    expect(japaneseReadings('田中鬱鬯')).toEqual([]);
  });
  it('gives Chinese names nothing', () => {
    expect(japaneseReadings('习近平')).toEqual([]);
    expect(japaneseReadings('毛泽东')).toEqual([]);
    expect(japaneseReadings('李小龙')).toEqual([]);
    expect(japaneseReadings('周恩来')).toEqual([]);
    // 林 is a Japanese family name too, but 彪 alone is no Japanese given name in the tables.
    expect(japaneseReadings('林彪')).toEqual([]);
  });
  it('gives Latin names nothing', () => {
    expect(japaneseReadings('Shinzo Abe')).toEqual([]);
    expect(japaneseReadings('constructor')).toEqual([]);
    expect(japaneseReadings('')).toEqual([]);
  });
  it('returns at most four readings', () => {
    for (const name of ['中島大', '上村大翔', '山崎裕子', '菅野佳子'])
      expect(japaneseReadings(name).length).toBeLessThanOrEqual(4);
    expect(japaneseReadings('上村大翔')).toHaveLength(4);
  });
});

describe('japaneseReadings: companies', () => {
  it('reads a company name whole', () => {
    expect(japaneseReadings('三菱')).toEqual(['Mitsubishi']);
    expect(japaneseReadings('ソニー')).toEqual(['Sony']);
    expect(japaneseReadings('山口組')).toEqual(['Yamaguchi Gumi']);
    expect(japaneseReadings('住吉会')).toEqual(['Sumiyoshi Kai']);
  });
  it('reads a company name with a corporate suffix', () => {
    expect(japaneseReadings('三菱商事')).toEqual(['Mitsubishi Shoji']);
    expect(japaneseReadings('三菱重工業')).toEqual(['Mitsubishi Heavy Industries']);
    expect(japaneseReadings('川崎汽船')).toEqual(['Kawasaki Kisen']);
    expect(japaneseReadings('今治造船')).toEqual(['Imabari Zosen']);
    expect(japaneseReadings('トヨタ自動車')).toEqual(['Toyota Motor']);
    expect(japaneseReadings('住友銀行')).toEqual(['Sumitomo Bank']);
  });
  it('drops the legal form wherever it stands', () => {
    expect(japaneseReadings('東芝株式会社')).toEqual(['Toshiba']);
    expect(japaneseReadings('株式会社日立製作所')).toEqual(['Hitachi Seisakusho']);
    expect(japaneseReadings('㈱丸紅')).toEqual(['Marubeni']);
  });
});

describe('romaniseKana', () => {
  it('writes long vowels as one vowel', () => {
    expect(romaniseKana('とうきょう')).toBe('Tokyo');
    expect(romaniseKana('おおの')).toBe('Ono');
    expect(romaniseKana('ソニー')).toBe('Soni');
    expect(romaniseKana('りゅうのすけ')).toBe('Ryunosuke');
  });
  it('joins small ya/yu/yo and doubles consonants after small tsu', () => {
    expect(romaniseKana('キャノン')).toBe('Kyanon');
    expect(romaniseKana('まっちゃ')).toBe('Matcha');
    expect(romaniseKana('しゃしん')).toBe('Shashin');
    expect(romaniseKana('じゃ')).toBe('Ja');
    expect(romaniseKana('ほっかいどう')).toBe('Hokkaido');
  });
  it('uses Hepburn spellings and reads foreign-sound katakana', () => {
    expect(romaniseKana('ふじ')).toBe('Fuji');
    expect(romaniseKana('つなみ')).toBe('Tsunami');
    expect(romaniseKana('ファイル')).toBe('Fairu');
    expect(romaniseKana('パーティー')).toBe('Pati');
    expect(romaniseKana('ｿﾆｰ')).toBe('Soni');
  });
  it('keeps words apart', () => {
    expect(romaniseKana('さとう ひろし')).toBe('Sato Hiroshi');
    expect(romaniseKana('ジョン・スミス')).toBe('Jon Sumisu');
    expect(japaneseReadings('さとう ひろし')).toEqual(['Sato Hiroshi']);
  });
  it('repeats a kana for the iteration marks', () => {
    expect(romaniseKana('いすゞ')).toBe('Isuzu');
    expect(romaniseKana('さゝき')).toBe('Sasaki');
  });
});

describe('tables', () => {
  it('hold kanji or kana keys and plain lower-case readings', () => {
    const { SURNAMES, GIVEN, NAME_KANJI } = JAPANESE_TABLES;
    for (const table of [SURNAMES, GIVEN, NAME_KANJI])
      for (const [key, readings] of Object.entries(table)) {
        expect(hasKanji(key) || /^[\u3041-\u30ff]+$/u.test(key), key).toBe(true);
        expect(readings.length, key).toBeGreaterThan(0);
        for (const reading of readings) expect(reading, key).toMatch(/^[a-z]+$/);
      }
    for (const key of Object.keys(NAME_KANJI)) expect([...key], key).toHaveLength(1);
    for (const key of Object.keys(SURNAMES)) expect([...key].length, key).toBeLessThanOrEqual(3);
  });
  it('are about the intended size', () => {
    expect(Object.keys(JAPANESE_TABLES.SURNAMES).length).toBeGreaterThanOrEqual(300);
    expect(Object.keys(JAPANESE_TABLES.GIVEN).length).toBeGreaterThanOrEqual(400);
    expect(Object.keys(JAPANESE_TABLES.NAME_KANJI).length).toBeGreaterThanOrEqual(250);
    expect(Object.keys(JAPANESE_TABLES.COMPANIES).length).toBeGreaterThanOrEqual(80);
  });
  it('leave out family names that would read Chinese names', () => {
    for (const chinese of ['李', '王', '张', '張', '刘', '劉', '陈', '陳', '黄', '周'])
      expect(JAPANESE_TABLES.SURNAMES[chinese], chinese).toBeUndefined();
  });
});
