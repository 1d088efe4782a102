import { describe, expect, it } from 'vitest';
import { findEmails, findPhones, findSwiftCodes, normalisePhone } from './contact.ts';

describe('SWIFT/BIC', () => {
  it('takes codes after SWIFT or BIC, or with a digit in the location code', () => {
    const text = 'SWIFT: AKBKTRIS. BIC DEUTDEFF500. Ref TCZBTR2A. SHIPMENT INVOICES';
    expect(findSwiftCodes(text).map((f) => f.normalized)).toEqual([
      'AKBKTRIS',
      'DEUTDEFF500',
      'TCZBTR2A',
    ]);
  });
  it('refuses an unknown country code', () => {
    expect(findSwiftCodes('SWIFT ABCDQQ22')).toEqual([]);
  });
});

describe('e-mails', () => {
  it('finds and lower-cases addresses', () => {
    const text = 'write to Sales@Anadolu-Kimya.com.tr or ops@x.io.';
    const found = findEmails(text);
    expect(found.map((f) => f.normalized)).toEqual(['sales@anadolu-kimya.com.tr', 'ops@x.io']);
    expect(text.slice(found[0]!.start, found[0]!.end)).toBe('Sales@Anadolu-Kimya.com.tr');
  });
});

describe('phones', () => {
  it('normalises international forms to E.164', () => {
    const text = 'Tel: +90 212 555 01 23, fax 0090 (342) 555-0199';
    const found = findPhones(text);
    expect(found.map((f) => f.normalized)).toEqual(['+902125550123', '+903425550199']);
    for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.text);
  });
  it('reads a local number after a phone word, in E.164 when the country is known', () => {
    expect(findPhones('Phone: 0414 555 12 34', { country: 'TR' })[0]!.normalized).toBe(
      '+904145551234',
    );
    expect(findPhones('Phone: 0414 555 12 34')[0]!.normalized).toBe('04145551234');
    expect(findPhones('Order 0414 555 12 34')).toEqual([]);
  });
  it('does not take dates or short numbers', () => {
    expect(findPhones('on 2015-06-02 we paid +12 34')).toEqual([]);
    expect(normalisePhone('00963 11 222 3344')).toBe('+963112223344');
  });
});
