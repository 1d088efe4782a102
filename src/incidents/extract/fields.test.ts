// Sentences written for these tests (not taken from any evaluation set).
import { describe, expect, it } from 'vitest';
import { ACTORS, findActors, normaliseActor } from '../actors.ts';
import { classifyIncident } from '../attack-type.ts';
import { IncidentSchema } from '../schema.ts';
import { cleanForCounts, countPeople, readCasualtyMentions } from './counts.ts';
import { extractIncidents } from './extract.ts';
import { attributionOf } from './fields.ts';
import { splitIncidents } from './segment.ts';

const first = (text: string, docDate?: string) => extractIncidents(text, { docDate })[0]!;

describe('counts: the casualty grammar', () => {
  const cases: [
    string,
    { killed?: number | null; wounded?: number | null; casualties_total?: number | null },
  ][] = [
    [
      'Gunmen stormed the depot, killing five guards and wounding another.',
      { killed: 5, wounded: 1 },
    ],
    ['Rebels ambushed and killed nine soldiers and a driver near the river.', { killed: 10 }],
    [
      'The blast killed eleven people, including four children, and injured 23 others.',
      { killed: 11, wounded: 23 },
    ],
    [
      'Nine Farmers Killed, Two Injured By Bandits In Katsina\nThe bandits came at night.',
      { killed: 9, wounded: 2 },
    ],
    [
      'The raid left three soldiers, a policeman and civilians dead, officials said.',
      { killed: 4 },
    ],
    [
      'Gunmen fired on a bus, leaving four passers-by dead and as many wounded.',
      { killed: 4, wounded: 4 },
    ],
    ['No fewer than 7 policemen were killed when insurgents attacked the post.', { killed: 7 }],
    [
      'Militants attacked the camp. The clash resulted in the killing of seven guards and two suicide bombers.',
      { killed: 7 },
    ],
    [
      'The statement spoke of the deaths of three of our men and the injury of four others, as well as a trader.',
      { killed: 3, wounded: 5 },
    ],
    [
      'Forty lives were lost and over 90 others left wounded in the blast at the market.',
      { killed: 40, wounded: 90 },
    ],
    ['Dozens of villagers were killed when fighters raided the village.', { killed: null }],
    ['Several soldiers were killed in the ambush.', { killed: null }],
    ['A bomb exploded near the bridge. Nobody was hurt.', { killed: 0, wounded: 0 }],
    [
      'Twelve soldiers were killed or wounded when a mine exploded under their truck.',
      { killed: null, casualties_total: 12 },
    ],
    [
      'Eight soldiers were killed in the attack on the base. A civilian was also killed, and 6 others were injured.',
      { killed: 9, wounded: 6 },
    ],
    [
      'Attackers stormed the town, killing 14 people, and 20 others were abducted. The bodies of 3 more were found later.',
      { killed: 14 },
    ],
  ];
  for (const [text, want] of cases)
    it(text, () => {
      const inc = first(text);
      expect(IncidentSchema.safeParse(inc).success).toBe(true);
      expect(inc).toMatchObject(want);
    });

  it('number words, prefixes and floors', () => {
    expect(countPeople('at least twenty-one soldiers')).toBe(21);
    expect(countPeople('another 10 soldiers')).toBe(10);
    expect(countPeople('six of its peacekeepers')).toBe(6);
    expect(countPeople('nine soldiers, two policemen and civilians')).toBe(11);
    expect(countPeople('a number of suspected fighters')).toBeNull();
    expect(countPeople('more than a dozen people')).toBeNull();
  });

  it('reads passive, active, nominal and intransitive phrases with their spans', () => {
    const s = 'Two guards were shot dead and a cook died later, while the fire wounded three.';
    const ms = readCasualtyMentions(cleanForCounts(s));
    expect(ms.map((m) => [m.outcome, m.n])).toEqual([
      ['killed', 2],
      ['killed', 1],
      ['wounded', 3],
    ]);
    expect(s.slice(ms[0]!.start, ms[0]!.end)).toBe('Two guards were shot dead');
  });
});

describe('counts: whose dead, and whose voice', () => {
  it('attackers are left out of an attack, the acting force out of its own raid', () => {
    expect(
      first('Insurgents attacked the checkpoint. Four soldiers and three attackers were killed.'),
    ).toMatchObject({ killed: 4 });
    const raid = first(
      'Police raided a hideout of the cell on Monday, killing five militants. One policeman was wounded in the exchange of fire.',
      '2024-03-06',
    );
    expect(raid).toMatchObject({ killed: 5, wounded: null, attack_type: 'arrest_raid' });
  });

  it('an official toll over a claimed one, and a denied claim gives no number', () => {
    const both = first(
      'A bomb hit a patrol, killing two soldiers, officials said. The group said in a statement that it had killed 20 soldiers.',
    );
    expect(both.killed).toBe(2);
    expect(both.notes).toContain('claimed killed: 20');
    const denied = first(
      'The jihadist group said it killed 30 troops in an attack on the camp, but the army denied the figure.',
    );
    expect(denied.killed).toBeNull();
    expect(denied.attribution).toBe('claimed');
  });

  it('a toll for several incidents gives way to the incident’s own', () => {
    const inc = first(
      'Nine people were killed in two attacks in the north on Saturday. Six villagers were killed by armed men at the first village.',
    );
    expect(inc.killed).toBe(6);
  });
});

describe('attack type cues (the conventions)', () => {
  const cases: [string, string | null][] = [
    ['A suicide bomber drove a car packed with explosives into the gate.', 'vehicle_bomb'],
    ['A suicide bomber blew himself up at the rally.', 'suicide_bombing'],
    ['Gunmen opened fire on an army convoy travelling to the town.', 'ambush'],
    ['A roadside bomb exploded under a passing patrol vehicle.', 'ied'],
    ['Militants raided an army base at dawn with heavy weapons.', 'armed_assault'],
    ['Fighters attacked a military post.', null],
    ['A mortar round was fired at the border post.', 'rocket_mortar'],
    ['Attackers set houses on fire and looted shops; no one was killed.', 'arson_sabotage'],
    ['Gunmen abducted eight travellers on the highway.', 'kidnapping'],
    ['A sniper shot a soldier at the checkpoint.', 'sniper'],
    ['The mayor was assassinated outside his home.', 'targeted_killing'],
  ];
  for (const [text, want] of cases) it(text, () => expect(classifyIncident([text])).toBe(want));

  it('a security-force raid is arrest_raid, its airstrike an airstrike', () => {
    expect(
      classifyIncident(['Troops raided the hideout and killed four militants.'], { force: true }),
    ).toBe('arrest_raid');
    expect(classifyIncident(['Jets carried out airstrikes on the cells.'], { force: true })).toBe(
      'airstrike',
    );
  });
});

describe('attribution', () => {
  const cases: [string, string, string | null][] = [
    ['The Islamic State claimed responsibility for the bombing.', 'claimed', 'Islamic State'],
    [
      'Amaq, the group’s news agency, said ISWAP fighters carried out the raid.',
      'claimed',
      'ISWAP',
    ],
    [
      'No group has claimed the attack, but officials blamed al-Shabaab.',
      'suspected',
      'al-Shabaab',
    ],
    ['Gunmen believed to be members of JNIM attacked the village.', 'suspected', 'JNIM'],
    ['Boko Haram fighters stormed the town.', 'suspected', 'Boko Haram'],
    ['Unknown gunmen killed two farmers. No one claimed responsibility.', 'unknown', null],
    ['The explosion claimed the lives of three people.', 'unknown', null],
  ];
  for (const [text, att, who] of cases)
    it(text, () => {
      const r = attributionOf(text, false, null);
      expect(r.attribution).toBe(att);
      expect(r.perpetrator).toBe(who);
    });
});

describe('actors: aliases to canonical actors', () => {
  it('folds spellings and acronyms', () => {
    const name = (s: string) => normaliseActor(s)?.id;
    expect(name('Daesh')).toBe('islamic_state');
    expect(name('ISIL')).toBe('islamic_state');
    expect(name('IS-K')).toBe('iskp');
    expect(name('Islamic State Khorasan Province')).toBe('iskp');
    expect(name('Wilayat Sinai')).toBe('is_sinai');
    expect(name('suspected ADF rebels')).toBe('adf');
    expect(name('Group to Support Islam and Muslims')).toBe('jnim');
    expect(name('Al Shabaab')).toBe('al_shabaab');
    expect(normaliseActor('al-Shabaab', { country: 'MZ' })?.id).toBe('is_mozambique');
    expect(name('JAS')).toBe('boko_haram');
    expect(name('Hayat Tahrir al-Sham')).toBe('hts');
    expect(name('AQAP')).toBe('aqap');
    expect(name('Ansaru')).toBe('ansaru');
    expect(name('the army')).toBeUndefined();
  });
  it('finds aliases in text without taking "is" for a group', () => {
    const found = findActors('It is unclear whether IS or ISWAP, not the TTP, is behind it.');
    expect(found.map((f) => f.actor.id)).toEqual(['islamic_state', 'iswap', 'ttp']);
    expect(new Set(ACTORS.map((a) => a.id)).size).toBe(ACTORS.length);
  });
});

describe('several incidents in one passage', () => {
  const text =
    'Gunmen killed three farmers in their fields on Monday, residents said. ' +
    'In a separate attack, a roadside bomb wounded two soldiers near the river. ' +
    'Earlier on Saturday, militants abducted four traders on the highway.';
  it('splits at the openers, the main incident first', () => {
    expect(splitIncidents(text).map((g) => g.sentences.length)).toEqual([1, 1, 1]);
    const out = extractIncidents(text, { docDate: '2024-05-08' });
    expect(out.map((i) => [i.attack_type, i.killed, i.wounded])).toEqual([
      ['armed_assault', 3, null],
      ['ied', null, 2],
      ['kidnapping', null, null],
    ]);
    expect(out[0]!.date).toBe('2024-05-06');
  });

  it('a dated sentence restating the lead’s day is no new incident', () => {
    const t =
      'Insurgents attacked two villages on 3 and 4 May. On 4 May, they killed a teacher at the school.';
    expect(splitIncidents(t)).toHaveLength(1);
  });
});

describe('spans point at the text each field came from', () => {
  it('in the text as given, line breaks and all', () => {
    const text =
      'Bombing kills four in market\n\nA suicide bomber killed four people and wounded\nnine at a market on Tuesday. The Islamic State claimed responsibility.';
    const inc = first(text, '2024-06-13');
    expect(inc).toMatchObject({
      killed: 4,
      wounded: 9,
      attack_type: 'suicide_bombing',
      attribution: 'claimed',
      actor: 'Islamic State',
    });
    const span = (f: string) => inc.spans!.find((s) => s.field === f)!;
    for (const f of ['killed', 'wounded', 'attack_type', 'attribution', 'perpetrator', 'date']) {
      const s = span(f);
      expect(text.slice(s.start, s.end)).toBe(s.text);
      expect(s.confidence).toBeGreaterThan(0);
    }
    expect(span('wounded').text).toContain('nine');
    expect(span('date').text).toContain('Tuesday');
  });
});
