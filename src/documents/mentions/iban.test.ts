import { describe, expect, it } from 'vitest';
import { findIbans, ibanChecksumOk, normaliseIban } from './iban.ts';

describe('IBAN', () => {
  it('checks mod 97 and the country length', () => {
    expect(normaliseIban('GB82 WEST 1234 5698 7654 32')).toBe('GB82WEST12345698765432');
    expect(normaliseIban('GB82 WEST 1234 5698 7654 33')).toBeNull(); // checksum
    expect(normaliseIban('GB82 WEST 1234 5698 7654')).toBeNull(); // length
    expect(normaliseIban('ZZ82WEST12345698765432')).toBeNull(); // no such registry country
    expect(ibanChecksumOk('TR330006100519786457841326')).toBe(true);
  });

  it('finds printed IBANs with their spans, cut to the country length', () => {
    const text =
      'Bank: IBAN TR33 0006 1005 1978 6457 8413 26 SWIFT AKBKTRIS\nDE89370400440532013000.';
    const found = findIbans(text);
    expect(found.map((f) => f.normalized)).toEqual([
      'TR330006100519786457841326',
      'DE89370400440532013000',
    ]);
    for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.text);
    expect(found[0]!.text).toBe('TR33 0006 1005 1978 6457 8413 26');
  });

  it('ignores a run whose checksum fails', () => {
    expect(findIbans('ref TR33 0006 1005 1978 6457 8413 27')).toEqual([]);
  });
});
