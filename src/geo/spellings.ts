/**
 * The folded keys a filter on a place name should match: the name as typed, folded
 * (foldText: "DEIR EZ-ZOR" → "deir ez zor"), and the gazetteer's own name for the unit it
 * names in another spelling ("Dayr az Zawr", "Deir Ezzor" → Deir ez-Zor; "Raqqa" →
 * Al-Raqqah), folded too. The incident store keeps each row's name folded (country_f,
 * admin1_f), so a filter is an equality on one of these keys whatever the spelling.
 */
import { foldText } from '../core/fold.ts';
import { lookupAdmin1, lookupCountry } from './gazetteer.ts';

function keys(typed: string, canonical: string | undefined): string[] {
  const out = new Set<string>();
  const f = foldText(typed);
  if (f) out.add(f);
  if (canonical) out.add(foldText(canonical));
  return [...out];
}

/** Folded keys of an admin-1 (province) name in any spelling the gazetteer knows. */
export function admin1Keys(name: string): string[] {
  return keys(name, lookupAdmin1(name)?.name);
}

/** Folded keys of a country name ("syria", "Syrian Arab Republic" → syria). */
export function countryKeys(name: string): string[] {
  return keys(name, lookupCountry(name)?.name);
}
