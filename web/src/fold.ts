/**
 * Folds a place name for matching across spellings (Deir ez-Zor / Deir Ezzor, Al-Raqqah /
 * Raqqa): strips accents, case, the Arabic article and the administrative suffixes, then
 * everything that is not a letter or digit.
 */
export function foldName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/\b(province|governorate|state|region|wilayat|muhafazat)\b/g, '')
    .replace(/^(al|el|ad|ar|as|ash|an|az)[-\s]/, '')
    .replace(/[^a-z0-9]/g, '');
}
