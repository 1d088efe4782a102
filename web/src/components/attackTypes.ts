import type { Schemas } from '../api.ts';

export type AttackType = NonNullable<Schemas['Incident']['attack_type']>;

/** Each attack type the API knows, in its order, with its colour on the map and in legends. */
export const ATTACK_TYPE_COLOURS: Record<AttackType, string> = {
  ied: '#d62728',
  armed_assault: '#ff7f0e',
  targeted_killing: '#9467bd',
  sniper: '#8c564b',
  suicide_bombing: '#e377c2',
  vehicle_bomb: '#bcbd22',
  rocket_mortar: '#17becf',
  ambush: '#1f77b4',
  kidnapping: '#7f7f7f',
  arson_sabotage: '#aec7e8',
  arrest_raid: '#2ca02c',
  airstrike: '#393b79',
  other: '#555555',
};

export const ATTACK_TYPES = Object.keys(ATTACK_TYPE_COLOURS) as AttackType[];

export const ATTRIBUTIONS: NonNullable<Schemas['Incident']['attribution']>[] = [
  'claimed',
  'suspected',
  'unknown',
];

/** The colour of an attack type, `other`'s for a type the table does not name. */
export function attackTypeColour(type: string): string {
  return (ATTACK_TYPE_COLOURS as Record<string, string>)[type] ?? ATTACK_TYPE_COLOURS.other;
}
