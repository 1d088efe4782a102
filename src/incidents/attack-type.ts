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

/** The means that define an attack, most specific first (see `classifyIncident`). */
const VEHICLE_BOMB =
  /\bcar[- ]bombs?\b|\bvbied|\bvehicle[- ]borne|\bbooby[- ]trapped (?:\w+ )?(?:car|vehicle|truck|motorcycle|motorbike|lorry)|\btruck bomb|\b(?:car|vehicle|truck|motorcycle|lorry|tanker)s? (?:packed|laden|loaded|rigged|filled|fitted|stuffed) with explosives|\bsuicide (?:car|vehicle|truck|lorry)s?\b|\bexplosives?-(?:laden|packed) (?:car|vehicle|truck)/i;
const SUICIDE =
  /\bsuicide (?:bomb|bomber|bombers|bombing|attack|attacker|blast|vest|belt|explosion)|\binghimasi|\bexplosive (?:vest|belt)|\bblew (?:himself|herself|themselves) up|\bstrapped with explosives|\bwould-be (?:suicide )?bombers|\b(?:detonated|triggered|triggering|detonating) (?:his|her|their) (?:explosive|bomb|vest|belt)/i;
const AIR =
  /\bair ?strikes?\b|\bdrone strikes?\b|\baerial (?:bombardment|attack)|\b(?:aircraft|warplanes?|jets|helicopters?|drones?) (?:carried out|struck|bombed|attacked|targeted|hit)|\bwarplanes?\b|\bair raids?\b|\bbombed from the air/i;
const KIDNAP = /\bkidnap|\babduct|\bhostages?\b|\btook (?:him|her|them) captive/i;
const EXPLOSIVE =
  /\bieds?\b|\bimprovised explosive|\broadside (?:bomb|device|explosive|mine)s?|\bexplosive (?:device|charge)s?\b|\blandmines?\b|\bmines?\b(?! (?:workers?|site))|\bsticky bomb|\bmagnetic bomb|\bbombs?\b|\bdetonation of explosives\b|\bplanted (?:\w+ )?(?:bombs?|explosives|charges?)|\bblast\b|\bexplosions?\b|\bexploded\b|\bdetonated\b/i;
const GUNFIRE =
  /\bgunfire\b|\bgunmen\b|\bgun attack|\bmachine[- ]?guns?\b|\bopened fire\b|\bfired (?:at|on|upon)\b|\bexchanged? (?:of )?fire\b|\bshooting\b|\bshot\b|\bfirearms\b|\bassault rifles?\b|\bautomatic weapons\b|\bsmall arms\b|\brifles?\b/i;
const MOVING =
  /\b(?:convoy|patrol|bus|motorcade|(?:mobile )?van|vehicles?|truck|pick-?up)\b[^.;]{0,60}?\b(?:was|were|came under)\s+(?:\w+\s+)?(?:attacked|ambushed|targeted|fired (?:on|upon|at)|raided|shot at|attack|fire)\b|\b(?:attacked|ambushed|targeted|raided|fired (?:on|upon|at)|opened fire on|attack (?:on|against)|attacks (?:on|against))\s+(?:[\w'’-]+\s+){0,8}?(?:convoy|patrol|bus|motorcade|(?:mobile )?van|vehicle)\b/i;
const SNIPER = /\bsnipers?\b|\bsniper fire/i;
const ASSAULT_CUE =
  /\bstorm(?:s|ed|ing)?\b|\braid(?:ed|s)?\b|\bassault(?:ed)?\b|\bclash(?:ed|es)?\b|\bfirefight|\bovercame|\boverr(?:a|u)n\b|\bswooped\b|\bincursion\b|\bbroke into\b|\bwent into\b|\bmachetes?\b|\bhacked\b|\bbehead(?:ed|ing)?\b|\bslit\b|\bgrenades?\b|\barmed (?:men|assailants|individuals|attackers|fighters)\b|\bfierce (?:fighting|battle)\b|\bstabbed\b/i;
const ROCKET =
  /\brockets?\b|\bmortars?\b|\bshells?\b|\bshelling\b|\bartillery\b|\bmissiles?\b|\bkatyusha|\bgrads?\b/i;
const ARSON =
  /\bset (?:on )?fire\b|\bset (?:[\w-]+ ){1,3}(?:on fire|ablaze|alight)\b|\bset (?:\w+ )?ablaze\b|\bburn(?:ed|t|ing) (?:down )?(?:the )?(?:fields?|crops|houses?|homes|villages?|vehicles?|the village)|\btorched\b|\barson\b|\bsabotag|\bblew up (?:a |an |the )?(?:pylon|tower|pipeline|bridge)/i;
const TARGETED =
  /\bassassinat|\btargeted killing|\bshot (?:\w+ ){0,2}at (?:close|point-blank) range|\b(?:outside|near|in front of) (?:his|her) (?:home|house|residence|office)\b|\bexecuted (?:a|an|one) (?:\w+ ){0,2}(?:man|woman|person|civilian|official|leader|elder|chief|shepherd|teacher|collaborator|informant|spy)\b|\bshot (?:him|her|the \w+|a \w+) in the (?:head|chest)|\bgunned down (?:a|an|the) (?:\w+ ){0,3}(?:official|leader|commander|elder|chief|judge|imam|mukhtar|journalist|activist)\b/i;
const DOER_KILLED =
  /\b(?:militants|jihadists|terrorists|insurgents|gunmen|fighters|rebels|assailants|attackers|armed men|men|group|members|cells|raiders|bandits)\s+(?:\w+\s+){0,3}?(?:killed|kill|kills|murdered|massacred|slaughtered)\b/i;
const FORCE_RAID =
  /\braid|\boperation|\bstorm|\bhideout|\bdismantl|\barrest|\bdetain|\bcaptur|\bkill|\beliminat|\bneutrali[sz]|\bsweep|\bcordon/i;

/**
 * The attack type of one incident described over several sentences, following the
 * conventions: the means that defines the attack wins (a suicide VBIED is a vehicle bomb,
 * a suicide bomber a suicide bombing, a roadside bomb under a convoy an IED); a convoy or
 * patrol shot at on the move is an ambush; a militant raid on a base is an armed assault;
 * a security-force raid or operation is arrest_raid (`force`); an arson with no one killed
 * is arson_sabotage; "an attack" with no method is null. Sentences that sum several
 * incidents (`aggregate`) are read only when the others name no means.
 */
export function classifyIncident(
  sentences: string[],
  opts: { aggregate?: boolean[]; force?: boolean; killed?: number | null } = {},
): AttackType | null {
  const own = sentences.filter((_, i) => !opts.aggregate?.[i]);
  const primary = own.length ? own : sentences;
  const r = classifyText(
    primary
      .join(' ')
      .replace(
        /\b(?:seized|recovered|found|handling|planning|confiscated)\b[^.;]{0,40}?\bexplosive[\w ]*/gi,
        ' ',
      ),
    opts,
  );
  if (r || !own.length || own.length === sentences.length) return r;
  return classifyText(sentences.join(' '), opts);
}

function classifyText(
  text: string,
  opts: { force?: boolean; killed?: number | null },
): AttackType | null {
  if (opts.force) {
    if (AIR.test(text)) return 'airstrike';
    if (/\bambush/i.test(text)) return 'ambush';
    return FORCE_RAID.test(text) ? 'arrest_raid' : null;
  }
  if (VEHICLE_BOMB.test(text)) return 'vehicle_bomb';
  if (SUICIDE.test(text)) return 'suicide_bombing';
  if (AIR.test(text)) return 'airstrike';
  const kidnap = KIDNAP.exec(text);
  if (kidnap) {
    const before = text.slice(Math.max(0, kidnap.index - 80), kidnap.index);
    const secondary =
      /\balso\s+(?:\w+\s+)?$|\b(?:killing|killed|murdered|beheaded)\b[^.]*\band\s+$/i.test(before);
    const killedFirst =
      /\b(?:killing|killed)\s+(?:at least\s+)?\d/i.test(text.slice(0, kidnap.index)) &&
      !/\b(?:attempt|tried)/i.test(before);
    if (!secondary && !(killedFirst && opts.killed)) return 'kidnapping';
  }
  const explosive = EXPLOSIVE.test(text);
  const gunfire = GUNFIRE.test(text);
  if (/\bambush/i.test(text) && (!explosive || gunfire)) return 'ambush';
  if (explosive) return 'ied';
  if (MOVING.test(text)) return 'ambush';
  // "A mortar round was fired at a post": the shell, not small arms.
  if (
    /\b(?:rockets?|mortars?|mortar rounds?|shells?|rocket-propelled grenades?|missiles?)\b[^.;]{0,20}\b(?:was|were)\s+(?:\w+\s+)?(?:fired|launched|lobbed)|\b(?:fired|launched|lobbed)\s+(?:\w+\s+){0,2}(?:rockets?|mortars?|mortar rounds?|shells?|missiles?)\b|\bfall of (?:a|the) shells?\b|\bshells? (?:fell|landed|hit)\b/i.test(
      text,
    )
  )
    return 'rocket_mortar';
  if (SNIPER.test(text) && !(ASSAULT_CUE.test(text) || /\bautomatic weapons\b/i.test(text)))
    return 'sniper';
  if (TARGETED.test(text)) return 'targeted_killing';
  if (ROCKET.test(text) && !gunfire && !ASSAULT_CUE.test(text)) return 'rocket_mortar';
  if (
    ARSON.test(text) &&
    !opts.killed &&
    !gunfire &&
    !/\b(?:storm|raid|clash|machete|behead)/i.test(text)
  )
    return 'arson_sabotage';
  if (gunfire || ASSAULT_CUE.test(text) || DOER_KILLED.test(text)) return 'armed_assault';
  if (ROCKET.test(text)) return 'rocket_mortar';
  if (ARSON.test(text)) return 'arson_sabotage';
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
