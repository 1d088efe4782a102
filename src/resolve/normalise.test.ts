import { describe, expect, it } from 'vitest';
import { nameFingerprint, normaliseName, skeleton } from './normalise.ts';

const loose = (name: string) =>
  normaliseName(name)
    .tokens.map((t) => t.loose)
    .join(' ');
const texts = (name: string, schema?: string) =>
  normaliseName(name, { schema }).tokens.map((t) => t.text);

describe('normaliseName', () => {
  it('folds Turkish letters and case alike', () => {
    expect(texts('Şanlıurfa')).toEqual(['sanliurfa']);
    expect(texts('Sanliurfa')).toEqual(['sanliurfa']);
    expect(texts('Akçakale')).toEqual(texts('AkCakale'));
    expect(texts('AKÇAKALE')).toEqual(['akcakale']);
  });
  it('gives Arabic script and its Latin spellings one skeleton', () => {
    for (const n of ['محمد', 'Mohammed', 'Muhammad', 'Mohamed', 'Mehmet', 'Мухаммад'])
      expect(loose(n)).toBe('mhmd');
    expect(loose('عبد الرحمن')).toBe(loose('Abdul Rahman'));
    expect(loose('Abd al-Rahman')).toBe(loose('Abdurrahman'));
    expect(loose('Abdelrahman')).toBe(loose('عبد الرحمن'));
  });
  it('keeps long vowels in the strict skeleton: Hussein is not Hassan', () => {
    const strict = (n: string) => normaliseName(n).tokens[0]!.strict;
    expect(strict('Hussein')).toBe(strict('حسين'));
    expect(strict('Hüseyin')).toBe(strict('Husayn'));
    expect(strict('Hassan')).not.toBe(strict('Hussein'));
  });
  it('drops articles, assimilated articles and connectors', () => {
    expect(texts('Deir ez-Zor')).toEqual(texts('Deir Ezzor'));
    expect(nameFingerprint('Dayr az Zawr')).toBe(nameFingerprint('Deir ez-Zor'));
    expect(texts('Usama bin Ladin')).toEqual(['usama', 'ladin']);
    expect(texts('Al-Raqqah')).toEqual(['raqqah']);
    expect(nameFingerprint('Raqqa')).toBe(nameFingerprint('Al-Raqqah'));
  });
  it('binds abu and abd to the following name', () => {
    expect(texts('Abu Bakr')).toEqual(['abubakr']);
    expect(texts('Abou Bakr')).toEqual(['abubakr']);
    expect(texts('أبو بكر')[0]).toMatch(/^abu/);
    expect(texts('Abdullah')).toEqual(texts('Abd Allah'));
  });
  it('removes company legal forms and keeps them aside', () => {
    const a = normaliseName('Öz Kimya Ticaret Ltd. Şti.', { schema: 'Company' });
    expect(a.legalForms).toEqual(['ltd', 'sti']);
    expect(nameFingerprint('Al Noor Trading LLC', 'Company')).toBe(
      nameFingerprint('Al Nour Trading Co.', 'Company').replace('nour', 'noor'),
    );
    expect(normaliseName('Delta Makina A.Ş.').legalForms).toEqual(['as']);
    expect(normaliseName('Nordic Parts ApS').legalForms).toEqual(['aps']);
    expect(normaliseName('Iberia Quimica S.L.').legalForms).toEqual(['sl']);
    expect(normaliseName('Rhein Metall GmbH').legalForms).toEqual(['gmbh']);
    expect(normaliseName('Alpha Limited').legalForms).toEqual(['ltd']);
  });
  it('does not strip person names that look like legal forms', () => {
    expect(texts('Ahmad As', 'Person')).toEqual(['ahmad', 'as']);
  });
  it('makes word order irrelevant in the fingerprint', () => {
    expect(nameFingerprint('HASSAN, Mohammed Ali')).toBe(nameFingerprint('Mohammed Ali Hassan'));
  });
  it('skeleton merges transliteration classes', () => {
    expect(skeleton('qasim')).toBe(skeleton('kasim'));
    expect(skeleton('khalil')).toBe(skeleton('halil'));
    expect(skeleton('shakir', true)).toBe(skeleton('chakir', true));
    expect(skeleton('')).toBe('');
  });
});
