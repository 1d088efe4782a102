import type { AttackType } from './schema.ts';

/**
 * How an attack was carried out, read from its description. The rules run from the most
 * specific means to the most generic, so "a suicide bomber activated a car bomb" is a
 * suicide bombing, not a vehicle bomb nor an IED, and "ambushed … activating IEDs" is an
 * ambush. The order follows GTD's codebook precedence (the means that defines the attack
 * wins over the weapons used along the way).
 */
const RULES: [AttackType, RegExp][] = [
  [
    'suicide_bombing',
    /\bsuicide\b|\binghimasi|\bexplosive (vest|belt)|\bblew (himself|herself|themselves) up/i,
  ],
  [
    'vehicle_bomb',
    /\bcar[- ]bomb|\bvbied|\bvehicle[- ]borne|\bbooby[- ]trapped (car|vehicle|truck|motorcycle)|\btruck bomb/i,
  ],
  [
    'airstrike',
    /\bair ?strikes?\b|\bdrone strikes?\b|\baerial (bombardment|attack)|\baircraft (carried out|struck|bombed|attacked)|\bwarplanes?\b|\bair raids?\b|\bbombed from the air/i,
  ],
  ['kidnapping', /\bkidnap|\babduct|\bhostages?\b|\btook (him|her|them) captive/i],
  ['ambush', /\bambush/i],
  [
    'ied',
    /\bieds?\b|\bimprovised explosive|\broadside (bomb|device|explosive)s?|\bexplosive (device|charge)s?\b|\blandmines?\b|\b(land )?mine (exploded|blast)|\b(hit|struck|stepped on|ran over) (a |an )?(land)?mines?\b|\bsticky bomb|\bmagnetic bomb|\bbombs?\b|\bblast\b|\bexplosion\b|\bexploded\b|\bdetonated\b/i,
  ],
  ['sniper', /\bsnipers?\b|\bsniper fire/i],
  [
    'arrest_raid',
    /\b(arrested|apprehended|detained|rounded up)\b|\bcaptured (\w+ ){0,3}(wanted|suspects?|operatives?|militants?|terrorists?)|\b(search|security|counter-?terrorism) (operation|raid|sweep)/i,
  ],
  [
    'targeted_killing',
    /\bassassinat|\btargeted killing|\bexecuted\b|\bbeheaded\b|\bshot dead\b|\bgunned down\b|\b(a|an|one|two) (?![\w -]*\b(compound|headquarters|position|vehicles?|base|checkpoint|convoy|post|tanker|camp|roadblock|bus|patrol|building|station|office|house|school|refinery)\b)[\w -]{2,60}? (was|were) (targeted|shot)\b/i,
  ],
  [
    'rocket_mortar',
    /\brockets?\b|\bmortars?\b|\bshell(s|ing|ed)\b|\bartillery\b|\bmissiles?\b|\bkatyusha|\bgrads?\b/i,
  ],
  [
    'armed_assault',
    /\bgunfire\b|\bgunmen\b|\bmachine[- ]?guns?\b|\bopened fire\b|\bfired (at|on|upon)\b|\bexchanged? (of )?fire\b|\bexchanges of fire\b|\bshooting\b|\bshot\b|\bclash(ed|es)?\b|\bfirefight|\battack(ed)? (a|an|the) [\w -]*?(compound|position|base|post|checkpoint|roadblock|camp|barracks|headquarters|forces|convoy|patrol|town|village|hotel|market|mosque|church|school)|\braid(ed)?\b|\bstormed\b|\bassault(ed)?\b|\bheavy (and|&) medium weapons|\b(was|were) targeted\b/i,
  ],
  [
    'arson_sabotage',
    /\bset (fire|ablaze)\b|\bburn(ed|t|ing) (down )?(fields?|crops|houses?|homes|villages?|vehicles?)|\btorched\b|\barson\b|\bsabotag|\bblew up (a |an |the )?(pylon|tower|pipeline|bridge)|\b(pylons?|power lines?|pipelines?) (was |were )?(bombed|blown up|destroyed)/i,
  ],
  // Whatever else is called an attack, or a killing with no means named, is an armed assault.
  ['armed_assault', /\battack(ed|ing)?\b|\b(killed|massacred|slaughtered|overran)\b/i],
];

const ARMED = RULES.find((r) => r[0] === 'armed_assault')![1];

/** The attack type a description points to, or null when none of the rules fires. */
export function classifyAttack(text: string): AttackType | null {
  for (const [type, re] of RULES) {
    if (
      type === 'rocket_mortar' &&
      ARMED.test(text) &&
      !/\b(fired|launched) (\w+ )?(rockets?|mortars?|missiles?|shells)\b|\b(rockets?|mortars?|missiles?|shells)\b[^.]{0,30}\b(was|were) (fired|launched)/i.test(
        text,
      )
    )
      continue;
    if (re.test(text)) return type;
  }
  return null;
}

/** ACLED's event type and sub-event type for one of our attack types (used for text extraction). */
export function acledTypesFor(
  type: AttackType | null,
  opts: { civilianTarget?: boolean } = {},
): { event_type: string | null; sub_event_type: string | null } {
  switch (type) {
    case 'ied':
      return {
        event_type: 'Explosions/Remote violence',
        sub_event_type: 'Remote explosive/landmine/IED',
      };
    case 'suicide_bombing':
    case 'vehicle_bomb':
      return {
        event_type: 'Explosions/Remote violence',
        sub_event_type:
          type === 'suicide_bombing' ? 'Suicide bomb' : 'Remote explosive/landmine/IED',
      };
    case 'rocket_mortar':
      return {
        event_type: 'Explosions/Remote violence',
        sub_event_type: 'Shelling/artillery/missile attack',
      };
    case 'airstrike':
      return { event_type: 'Explosions/Remote violence', sub_event_type: 'Air/drone strike' };
    case 'kidnapping':
      return {
        event_type: 'Violence against civilians',
        sub_event_type: 'Abduction/forced disappearance',
      };
    case 'arrest_raid':
      return { event_type: 'Strategic developments', sub_event_type: 'Arrests' };
    case 'arson_sabotage':
      return {
        event_type: 'Strategic developments',
        sub_event_type: 'Looting/property destruction',
      };
    case 'targeted_killing':
      return opts.civilianTarget
        ? { event_type: 'Violence against civilians', sub_event_type: 'Attack' }
        : { event_type: 'Battles', sub_event_type: 'Armed clash' };
    case 'armed_assault':
    case 'ambush':
    case 'sniper':
      return opts.civilianTarget
        ? { event_type: 'Violence against civilians', sub_event_type: 'Attack' }
        : { event_type: 'Battles', sub_event_type: 'Armed clash' };
    default:
      return { event_type: null, sub_event_type: null };
  }
}
