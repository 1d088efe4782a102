import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.ts';
import { summarise } from '../app/incidents.ts';
import {
  actorRefsOf,
  backfillActorNames,
  caseActors,
  getActor,
  resolveActorNames,
} from './actors.ts';
import { ensureCase } from './cases.ts';
import { importFile, writeRecords } from './importer.ts';
import { IncidentSchema } from '../incidents/schema.ts';

const ACLED = [
  'event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,country,admin1,location,latitude,longitude,fatalities,notes',
  'IRQ1,2021-01-09,Battles,Armed clash,Islamic State (Iraq),Military Forces of Iraq (2020-),Iraq,Al Anbar,Rutba,33.03,40.28,3,IS fighters attacked an army post.',
  'IRQ2,2021-01-10,Violence against civilians,Attack,Military Forces of Iraq (2020-),Civilians (Iraq),Iraq,Diyala,Baquba,33.75,44.6,1,',
  'NGA1,2021-01-11,Battles,Armed clash,Military Forces of Nigeria (2015-2023),ISWAP: Islamic State West Africa Province,Nigeria,Borno,Marte,12.36,13.83,5,',
  'NGA2,2021-01-12,Explosions/Remote violence,Remote explosive/landmine/IED,ISWAP,,Nigeria,Borno,Dikwa,12.03,13.92,2,',
  'NGA3,2021-01-12,Protests,Peaceful protest,Protesters (Nigeria),,Nigeria,Lagos,Lagos,6.45,3.39,0,',
  'SYR1,2021-01-13,Explosions/Remote violence,Remote explosive/landmine/IED,Unidentified Armed Group (Syria),,Syria,Deir ez Zor,Al Mayadin,35.01,40.45,4,',
].join('\n');

const GTD = [
  'eventid,year,month,day,country,province,city,attack_type,group,killed,wounded',
  '1,2021,1,9,Iraq,Diyala,Baqubah,Bombing/Explosion,Islamic State of Iraq and the Levant (ISIL),2,5',
  '2,2021,1,10,Somalia,Banaadir,Mogadishu,Armed Assault,Al-Shabaab,3,1',
  '3,2021,1,11,Mozambique,Cabo Delgado,Mocimboa da Praia,Armed Assault,Al-Shabaab,7,0',
].join('\n');

describeEachStore('actors', (ctx) => {
  it('links ACLED actor1/actor2 and GTD gname to one actor table through the normaliser', async () => {
    await ensureCase(ctx.store.db, 'act', 'actors');
    await importFile(ctx.store, 'acled', 'a.csv', { caseId: 'act', text: ACLED });
    await importFile(ctx.store, 'gtd', 'g.csv', { caseId: 'act', text: GTD });
    const actors = await caseActors(ctx.store.db, ['act']);
    const byId = Object.fromEntries(actors.map((a) => [a.id, a.incidents]));
    // "Islamic State (Iraq)" (ACLED) and "… (ISIL)" (GTD) are one actor; ISWAP has its own.
    expect(byId.islamic_state).toBe(2);
    expect(byId.iswap).toBe(1);
    expect(byId.al_shabaab).toBe(1);
    // al-Shabaab in Mozambique is the Islamic State's Mozambique province.
    expect(byId.is_mozambique).toBe(1);
    // A perpetrator no canonical actor knows is an actor of its own; "Unidentified" is none.
    expect(byId['name:military_forces_of_iraq_2020']).toBe(1);
    expect(actors.some((a) => /unidentified/i.test(a.name))).toBe(false);
    const is = await getActor(ctx.store.db, 'islamic_state');
    expect(is).toMatchObject({ name: 'Islamic State', canonical: true });
    expect(is!.aliases).toEqual(
      expect.arrayContaining([
        'Daesh',
        'Islamic State (Iraq)',
        'Islamic State of Iraq and the Levant (ISIL)',
      ]),
    );
    // ACLED's actor2 resolves too when it is a known actor (the roll-up counts perpetrators).
    const target = await ctx.store.db
      .selectFrom('actor_names')
      .select('actor_id')
      .where('name', '=', 'ISWAP: Islamic State West Africa Province')
      .executeTakeFirst();
    expect(target?.actor_id).toBe('iswap');
    const civilians = await ctx.store.db
      .selectFrom('actor_names')
      .select('actor_id')
      .where('name', '=', 'Civilians (Iraq)')
      .executeTakeFirst();
    expect(civilians).toBeUndefined();
  });

  it('rolls the summary up by actor and by ACLED event type', async () => {
    const s = await summarise(ctx.store, { caseId: 'act', from: '2021-01-09', to: '2021-01-15' });
    const actor = Object.fromEntries(s.by_actor.map((b) => [b.key, b]));
    expect(actor.islamic_state).toMatchObject({
      name: 'Islamic State',
      attacks: 2,
      killed: 5,
      wounded: 5,
      events: 2,
    });
    expect(actor.iswap).toMatchObject({ attacks: 1, killed: 2 });
    // The Lagos protest is an event of its actor, no attack; the unidentified IED has no actor.
    expect(actor['name:protesters_nigeria']).toMatchObject({ attacks: 0, events: 1 });
    expect(actor.unknown).toMatchObject({ name: null, attacks: 1, killed: 4 });
    const types = Object.fromEntries(s.by_event_type.map((b) => [b.key, b]));
    expect(types.Battles).toMatchObject({ attacks: 2, events: 2, killed: 8 });
    expect(types.Protests).toMatchObject({ attacks: 0, events: 1 });
    expect(types['Explosions/Remote violence']).toMatchObject({ attacks: 3, killed: 8 });
    // The contract's figures are unchanged: every attack once in totals and by country.
    expect(s.totals.attacks).toBe(8);
    expect(s.by_actor.reduce((a, b) => a + b.attacks, 0)).toBe(8);
    expect(s.by_event_type.reduce((a, b) => a + b.events, 0)).toBe(9);
  });

  it('links an extracted incident saved through the API by its canonical actor', async () => {
    const incident = IncidentSchema.parse({
      id: 'ex1',
      date: '2021-01-14',
      country: 'Afghanistan',
      country_code: 'AF',
      attack_type: 'suicide_bombing',
      perpetrator: 'Daesh Khorasan',
      attribution: 'claimed',
      killed: 9,
    });
    await writeRecords(ctx.store, 'incidents', 'act', [incident]);
    const s = await summarise(ctx.store, { caseId: 'act', from: '2021-01-14', to: '2021-01-14' });
    expect(s.by_actor).toEqual([
      {
        key: 'iskp',
        name: 'Islamic State Khorasan Province',
        attacks: 1,
        killed: 9,
        wounded: 0,
        casualties: 9,
        events: 1,
      },
    ]);
  });

  it('backfills incidents stored before the actor table, as the migration does', async () => {
    await sql`delete from actor_names`.execute(ctx.store.db);
    let s = await summarise(ctx.store, { caseId: 'act', from: '2021-01-09', to: '2021-01-15' });
    expect(s.by_actor.map((b) => b.key)).toEqual(['unknown']);
    await backfillActorNames(ctx.store.db);
    s = await summarise(ctx.store, { caseId: 'act', from: '2021-01-09', to: '2021-01-15' });
    expect(s.by_actor.find((b) => b.key === 'islamic_state')).toMatchObject({ attacks: 2 });
    // Resolving again adds nothing and changes nothing.
    const before = await ctx.store.db
      .selectFrom('actor_names')
      .selectAll()
      .orderBy('name')
      .execute();
    await resolveActorNames(
      ctx.store.db,
      actorRefsOf({ perpetrator: 'Islamic State (Iraq)', target: null, country_code: 'IQ' }),
    );
    const after = await ctx.store.db
      .selectFrom('actor_names')
      .selectAll()
      .orderBy('name')
      .execute();
    expect(after).toEqual(before);
  });
});
