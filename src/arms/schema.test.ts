import { describe, expect, it } from 'vitest';
import { parseRow } from '../core/schema.ts';
import { SeizureItemSchema } from './schema.ts';

const row = (over: Record<string, string>) =>
  parseRow(
    SeizureItemSchema,
    { seizure_id: 'S', item_id: 'i', category: 'weapon', ...over },
    { file: 'f.csv', line: 2 },
  );

describe('seizure rows as registers write them', () => {
  it('reads categories, quantities, dates and years in common spellings', () => {
    expect(row({ category: ' Weapons ' }).category).toBe('weapon');
    expect(row({ category: 'AMMO' }).category).toBe('ammunition');
    expect(row({ quantity: '' }).quantity).toBe(1);
    expect(row({ quantity: '1,200 rounds' }).quantity).toBe(1200);
    expect(row({ quantity: '~50' }).quantity).toBe(50);
    expect(row({ seizure_date: '19/10/2021' }).seizure_date).toBe('2021-10-19');
    expect(row({ seizure_date: '10/19/2021' }).seizure_date).toBe('2021-10-19');
    expect(row({ seizure_date: '2021/1/5' }).seizure_date).toBe('2021-01-05');
    expect(row({ seizure_date: '2021-10-19T08:00:00Z' }).seizure_date).toBe('2021-10-19');
    expect(row({ year_of_manufacture: 'c. 1978' }).year_of_manufacture).toBe(1978);
    expect(row({ year_of_manufacture: '1970s' }).year_of_manufacture).toBeNull();
    expect(row({ serial_number: '  ' }).serial_number).toBeNull();
  });

  it('refuses what cannot be read, naming line and field', () => {
    expect(() => row({ quantity: 'several' })).toThrow(/line 2, field "quantity"/);
    expect(() => row({ category: 'rifle' })).toThrow(/field "category".*one of weapon/);
    expect(() => row({ seizure_date: 'last spring' })).toThrow(/field "seizure_date"/);
    expect(() => row({ year_of_manufacture: '1492' })).toThrow(/year_of_manufacture/);
  });
});
