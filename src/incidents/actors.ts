/**
 * Armed actors and their aliases: the canonical list the extraction normalises
 * perpetrators to, and the store, `summary` and the web app can roll up by. Pure data and
 * pure functions: `normaliseActor("Daesh")` is the Islamic State, `findActors(text)` lists
 * every alias the text names with its character span.
 *
 * Short acronyms (IS, ISK, AQ) are matched in capitals only, so "is" and "as" never become
 * groups; longer names match whatever their case, diacritics, apostrophes and hyphens.
 * A few aliases are ambiguous across theatres ("al-Shabaab" is the Somali group, but the
 * Mozambican insurgency in Cabo Delgado is called so too): `country` settles them.
 */

export type ActorKind = 'jihadist' | 'insurgent' | 'militia';

export interface Actor {
  /** Stable key, e.g. `islamic_state`. */
  id: string;
  /** The name a report prints. */
  name: string;
  kind: ActorKind;
  /** The actor this one is a branch or province of, if any. */
  parent: string | null;
  /** Spellings met in reporting, the canonical name included. */
  aliases: string[];
}

const A = (
  id: string,
  name: string,
  aliases: string[],
  parent: string | null = null,
  kind: ActorKind = 'jihadist',
): Actor => ({ id, name, kind, parent, aliases: [name, ...aliases] });

/** The canonical actors, parents before their branches. */
export const ACTORS: readonly Actor[] = [
  A('islamic_state', 'Islamic State', [
    'ISIS',
    'ISIL',
    'IS',
    'Daesh',
    "Da'esh",
    'Daech',
    'Da’ish',
    'Islamic State group',
    'Islamic State Organization',
    'Islamic State organisation',
    'Islamic State of Iraq and Syria',
    'Islamic State of Iraq and the Levant',
    'Islamic State of Iraq and al-Sham',
    'IS group',
  ]),
  A(
    'iswap',
    'Islamic State West Africa Province',
    ['ISWAP', 'ISWA', 'IS West Africa', 'ISIS West Africa', 'Wilayat Gharb Ifriqiya', 'IS-WA'],
    'islamic_state',
  ),
  A(
    'is_sahel',
    'Islamic State Sahel Province',
    ['ISGS', 'ISSP', 'IS Sahel', 'Islamic State in the Greater Sahara', 'IS-Sahel', 'EIGS'],
    'islamic_state',
  ),
  A(
    'iskp',
    'Islamic State Khorasan Province',
    [
      'ISKP',
      'IS-K',
      'ISIS-K',
      'ISK',
      'IS-KP',
      'ISIS-KP',
      'Khorasan Province',
      'Khurasan Province',
      'Islamic State Khorasan',
      'Islamic State – Khurasan Province',
      'Islamic State Khurasan Province',
      'Islamic State in Khorasan',
      'ISIS-Khorasan',
      'Daesh Khorasan',
      'Wilayat Khorasan',
    ],
    'islamic_state',
  ),
  A(
    'is_sinai',
    'Sinai Province',
    [
      'Province of Sinai',
      'Wilayat Sinai',
      'Wilayet Sinai',
      'Islamic State Sinai Province',
      'IS Sinai',
      'ISIS-Sinai',
      'Ansar Bait al-Maqdis',
      'Ansar Beit al-Maqdis',
    ],
    'islamic_state',
  ),
  A(
    'iscap',
    'Islamic State Central Africa Province',
    ['ISCAP', 'IS Central Africa', 'Wilayat Wasat Ifriqiya'],
    'islamic_state',
  ),
  A(
    'adf',
    'Allied Democratic Forces',
    ['ADF', 'ADF-Nalu', 'ADF/ISCAP', 'Madina at Tauheed Wau Mujahedeen', 'MTM'],
    'iscap',
  ),
  A(
    'is_mozambique',
    'Islamic State Mozambique Province',
    [
      'ISM',
      'IS Mozambique',
      'Ahlu Sunnah Wa-Jama',
      'Ahlu Sunnah Wa-Jamaa',
      "Ahlu Sunnah Wa-Jama'a",
      'Ahlu Sunna Wal Jamaa',
      'Ahl al-Sunna wal Jamaa',
      'Ansar al-Sunna',
      'Al-Sunna',
      'Al Sunnah',
      'Swahili Sunna',
    ],
    'islamic_state',
  ),
  A(
    'is_somalia',
    'Islamic State Somalia Province',
    ['ISS', 'IS Somalia', 'Islamic State in Somalia'],
    'islamic_state',
  ),
  A('al_qaeda', 'al-Qaeda', ['Al Qaeda', 'al-Qaida', 'Al-Qaida', 'al Qaida', 'AQ']),
  A(
    'jnim',
    "Jama'at Nusrat al-Islam wal-Muslimin",
    [
      'JNIM',
      'GSIM',
      'Group to Support Islam and Muslims',
      'Group for the Support of Islam and Muslims',
      'Support Group for Islam and Muslims',
      'Nusrat al-Islam',
      'Jamaat Nusrat al-Islam wal-Muslimeen',
    ],
    'al_qaeda',
  ),
  A(
    'katiba_macina',
    'Katiba Macina',
    ['Katiba of Macina', 'Macina Liberation Front', 'Katibat Macina'],
    'jnim',
  ),
  A('ansarul_islam', 'Ansarul Islam', ['Ansar ul Islam', 'Ansaroul Islam'], 'jnim'),
  A(
    'aqim',
    'al-Qaeda in the Islamic Maghreb',
    ['AQIM', 'Al-Qaeda in the Islamic Maghreb', 'al-Qaida in the Islamic Maghreb'],
    'al_qaeda',
  ),
  A(
    'aqap',
    'al-Qaeda in the Arabian Peninsula',
    ['AQAP', 'al-Qaida in the Arabian Peninsula', 'Ansar al-Sharia in Yemen'],
    'al_qaeda',
  ),
  A('aqis', 'al-Qaeda in the Indian Subcontinent', ['AQIS'], 'al_qaeda'),
  A(
    'al_shabaab',
    'al-Shabaab',
    ['Al Shabaab', 'al-Shabab', 'Al-Shebab', 'Shabaab', 'Harakat al-Shabaab al-Mujahideen'],
    'al_qaeda',
  ),
  A('hts', "Hay'at Tahrir al-Sham", [
    'HTS',
    'Tahrir al-Sham',
    'Hayat Tahrir al-Sham',
    'Jabhat Fateh al-Sham',
    'Nusra Front',
    'Jabhat al-Nusra',
    'al-Nusra Front',
  ]),
  A('hurras_al_din', 'Hurras al-Din', ['Hurras al-Deen', 'Guardians of Religion']),
  A('boko_haram', 'Boko Haram', [
    'JAS',
    "Jama'atu Ahlis Sunna Lidda'awati wal-Jihad",
    "Jama'at Ahl al-Sunna li-l-Da'wa wa-l-Jihad",
    'Jamā’at Ahl as-Sunnah lid-Da’wah wa’l-Jihād',
    'Shekau faction',
    'Bakura faction',
  ]),
  A(
    'ansaru',
    'Ansaru',
    ["Jama'atu Ansarul Muslimina fi Biladis Sudan", 'Ansarul Muslimina'],
    'al_qaeda',
  ),
  A('ttp', 'Tehrik-i-Taliban Pakistan', [
    'TTP',
    'Pakistani Taliban',
    'Tehreek-i-Taliban Pakistan',
    'Tehreek-e-Taliban Pakistan',
    'Tehrik-e-Taliban Pakistan',
    'Tehrik-i-Taliban',
  ]),
  A('taliban', 'Taliban', ['Afghan Taliban', 'Islamic Emirate of Afghanistan'], null, 'insurgent'),
  A('lashkar_e_jhangvi', 'Lashkar-e-Jhangvi', ['LeJ', 'Lashkar-i-Jhangvi']),
  A('pkk', 'PKK', ["Kurdistan Workers' Party"], null, 'insurgent'),
  A('houthis', 'Houthis', ['Houthi', 'Ansar Allah', 'Ansarallah'], null, 'insurgent'),
  A('hezbollah', 'Hezbollah', ['Hizbollah', 'Hizballah'], null, 'militia'),
  A('hamas', 'Hamas', [], null, 'insurgent'),
];

const BY_ID = new Map(ACTORS.map((a) => [a.id, a]));

/** Case, diacritics, apostrophes, hyphens, "the", "group", "organisation" folded away. */
export function foldActorName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’'`ʿʾ]/g, '')
    .replace(/[-–—/*_.]/g, ' ')
    .replace(
      /\b(the|group|organi[sz]ation|terrorist|militant|jihadist|islamist|insurgency|movement)\b/g,
      ' ',
    )
    .replace(/\s+/g, ' ')
    .trim();
}

/** Acronyms written in capitals (IS, ISK, AQ, ADF…): matched case-sensitively. */
const isAcronym = (alias: string) => /^[A-Z][A-Z-]{1,6}$/.test(alias);

const FOLDED = new Map<string, string>();
for (const a of ACTORS) {
  for (const alias of a.aliases) {
    const f = foldActorName(alias);
    if (f && !FOLDED.has(f)) FOLDED.set(f, a.id);
  }
}

/**
 * The canonical actor of a name as a report writes it ("Daesh", "IS-K", "Province of
 * Sinai", "ISIS cells", "suspected ADF rebels"), or null. `country` (ISO alpha-2) settles
 * aliases shared across theatres: al-Shabaab in Mozambique is the Islamic State's
 * Mozambique province.
 */
export function normaliseActor(
  name: string | null | undefined,
  opts: { country?: string | null } = {},
): Actor | null {
  if (!name) return null;
  const direct = FOLDED.get(foldActorName(name));
  let id = direct ?? findActors(name)[0]?.actor.id ?? null;
  if (!id) return null;
  if (id === 'al_shabaab' && opts.country === 'MZ') id = 'is_mozambique';
  return BY_ID.get(id) ?? null;
}

export interface ActorMention {
  actor: Actor;
  /** The alias as the text writes it. */
  text: string;
  start: number;
  end: number;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One pattern for every alias: separators and apostrophes loose, longest alias first. */
function aliasPattern(alias: string): string {
  return alias
    .split('')
    .map((ch) => {
      if (/[-–—\s/]/.test(ch)) return String.raw`[\s\-–—/]*`;
      if (/['’`ʿʾ]/.test(ch)) return "['’`ʿʾ]?";
      const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      if (base !== ch) return `(?:${escape(ch)}|${escape(base)})`;
      return escape(ch);
    })
    .join('');
}

const LONG: { re: string; id: string }[] = [];
const SHORT: { re: string; id: string }[] = [];
for (const a of ACTORS)
  for (const alias of [...a.aliases].sort((x, y) => y.length - x.length))
    (isAcronym(alias) ? SHORT : LONG).push({ re: aliasPattern(alias), id: a.id });
LONG.sort((x, y) => y.re.length - x.re.length);
SHORT.sort((x, y) => y.re.length - x.re.length);
const LONG_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:${LONG.map((l) => `(${l.re})`).join('|')})(?![\p{L}\p{N}])`,
  'giu',
);
const SHORT_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}-])(?:${SHORT.map((l) => `(${l.re})`).join('|')})(?![\p{L}\p{N}]|-(?!K\b|KP\b|WA\b|Sahel\b|Sinai\b))`,
  'gu',
);

/** Every actor alias the text names, in order of appearance (overlaps resolved to the longest). */
export function findActors(text: string): ActorMention[] {
  const found: ActorMention[] = [];
  for (const [re, table] of [
    [LONG_RE, LONG],
    [SHORT_RE, SHORT],
  ] as const) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      const gi = m.slice(1).findIndex((g) => g !== undefined);
      const id = table[gi]!.id;
      found.push({
        actor: BY_ID.get(id)!,
        text: m[0],
        start: m.index!,
        end: m.index! + m[0].length,
      });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: ActorMention[] = [];
  for (const f of found) {
    const last = out[out.length - 1];
    if (last && f.start < last.end) continue;
    out.push(f);
  }
  return out;
}
