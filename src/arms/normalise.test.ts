import { describe, expect, it } from 'vitest';
import { createNormaliser, isInformativeSerial, parseSerial, serialGlob } from './normalise.ts';

describe('name normalisation', () => {
  const n = createNormaliser();
  it('folds model spellings to one canonical name', () => {
    for (const m of ['Type 68', 'Type-68', 'T68', 'type68', ' TYPE  68 ', 't-68'])
      expect(n.canonical('model', m), m).toBe('Type 68');
    for (const m of ['AKM', 'AK-M', 'akm', 'Ak m']) expect(n.canonical('model', m), m).toBe('AKM');
    expect(n.canonical('model', 'Some New Rifle')).toBe('Some New Rifle');
    expect(n.canonical('model', '  ')).toBeNull();
    expect(n.canonical('model', 'unknown')).toBeNull();
  });

  it('maps manufacturer and country aliases', () => {
    for (const m of ['Izhmash', 'Izhevsk Mechanical Plant', 'KALASHNIKOV CONCERN'])
      expect(n.canonical('manufacturer', m), m).toBe('Izhmash');
    for (const m of ['Norinco', 'China North Industries', 'china north industries corporation'])
      expect(n.canonical('manufacturer', m), m).toBe('Norinco');
    expect(n.canonical('manufacturer', 'DPRK state factory')).toBe('DPRK state factories');
    expect(n.canonical('country', "Democratic People's Republic of Korea")).toBe('North Korea');
    expect(n.canonical('country', 'USSR')).toBe('Soviet Union');
  });

  it('writes calibres one way', () => {
    for (const c of ['7.62x39mm', '7.62 × 39 mm', '7,62X39', '7.62*39'])
      expect(n.canonical('calibre', c), c).toBe('7.62×39mm');
    expect(n.canonical('calibre', '7.62x54R')).toBe('7.62×54mmR');
    expect(n.canonical('calibre', '23 x 152')).toBe('23×152mm');
  });

  it('lets stored aliases override and extend the built-in table', () => {
    const m = createNormaliser([
      { kind: 'model', alias: 'K-68 rifle', canonical: 'Type 68' },
      { kind: 'manufacturer', alias: 'Izhmash', canonical: 'Kalashnikov Concern' },
    ]);
    expect(m.canonical('model', 'k68 RIFLE')).toBe('Type 68');
    expect(m.canonical('manufacturer', 'izhmash')).toBe('Kalashnikov Concern');
    expect(m.entries().find((e) => e.alias === 'K-68 rifle')?.source).toBe('store');
  });

  it('groups models into families that share parts', () => {
    expect(n.family('Type 68')).toBe(n.family('AKM'));
    expect(n.family('PKM')).not.toBe(n.family('AKM'));
    expect(n.family('Unknown Thing 9')).toBe('unknownthing9');
  });
});

describe('serials', () => {
  it('drops separators and case before splitting prefix and number', () => {
    for (const s of ['A-104511', 'a 104511', 'A104511', 'A 104-511']) {
      expect(parseSerial(s), s).toMatchObject({ compact: 'A104511', prefix: 'A', number: 104511 });
    }
    expect(parseSerial('68-00451 b')).toMatchObject({ prefix: '', digits: '6800451', suffix: 'B' });
    expect(parseSerial('N/A')).toBeNull();
    expect(parseSerial('---')).toBeNull();
    expect(parseSerial('ЕК 5821')?.compact).toBe('EK5821');
  });

  it('refuses serials too short or too plain to identify a weapon', () => {
    expect(isInformativeSerial(parseSerial('0451'))).toBe(false);
    expect(isInformativeSerial(parseSerial('11111'))).toBe(false);
    expect(isInformativeSerial(parseSerial('A 104520'))).toBe(true);
  });

  it('globs over the compact form', () => {
    const re = serialGlob('AK47*12');
    expect(re.test('AK4755012')).toBe(true);
    expect(re.test('AK475501')).toBe(false);
    expect(serialGlob('a-1045?0').test('A104520')).toBe(true);
  });
});
