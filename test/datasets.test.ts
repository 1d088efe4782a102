import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServer } from '../src/server/app.ts';
import { createToken, createUser, grantRole } from '../src/store/users.ts';
import { describeEachStore, runCli } from './stores.ts';

/**
 * Dataset files as they come (issue 19, item 8), through the real CLI and the API: an
 * ACLED export with renamed columns read by its aliases, a GTD-derived file read with
 * `--map`, each saying which mapping it used (stderr, `--json`, the import log), a
 * refused file naming file, line and field; then `summary` by actor and by ACLED event
 * type, the same from the CLI and the API.
 */
const ACLED = [
  'data_id,Event Date,EVENT_TYPE,Sub-Event Type,actor1,actor2,country,ADMIN1,location,lat,lng,Killed,notes',
  '901,2021/01/09,Battles,Armed clash,Islamic State (Iraq),Military Forces of Iraq (2020-),Iraq,Al Anbar,Rutba,33.03,40.28,3,IS fighters attacked an army post.',
  '902,2021/01/10,Explosions/Remote violence,Remote explosive/landmine/IED,ISWAP,,Nigeria,Borno,Dikwa,12.03,13.92,2,',
  '903,2021/01/11,Protests,Peaceful protest,Protesters (Nigeria),,Nigeria,Lagos,Lagos,6.45,3.39,0,',
].join('\n');

const GTD = [
  'Incident ID,year,month,day,Country,Province,City,Attack,Perpetrator group,Dead,Injured',
  'g1,2021,1,12,Iraq,Diyala,Baqubah,Bombing/Explosion,Daesh,2,5',
  'g2,2021,1,13,Somalia,Banaadir,Mogadishu,Armed Assault,al-Shabaab,3,1',
].join('\n');

const GTD_MAP = [
  '--map',
  'Incident ID=eventid',
  '--map',
  'Attack=attacktype1_txt',
  '--map',
  'Perpetrator group=gname',
  '--map',
  'Dead=nkill',
  '--map',
  'Injured=nwound',
];

describeEachStore('dataset files in the wild, through the CLI and the API', (ctx) => {
  let dir: string;
  let app: FastifyInstance;
  let base: string;
  let token: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chokepoint-datasets-'));
    writeFileSync(join(dir, 'acled-export.csv'), ACLED);
    writeFileSync(join(dir, 'gtd-extract.csv'), GTD);
    const user = await createUser(ctx.store.db, {
      username: 'analyst',
      password: 'a-long-password',
    });
    await grantRole(ctx.store.db, user.id, 'default', 'analyst');
    token = (await createToken(ctx.store.db, user.id, 'datasets')).token;
    app = await buildServer({ store: ctx.store, webDist: null });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => runCli([...args, '--db', ctx.url]);

  it('imports an ACLED export by its aliases and says which mapping it used', () => {
    const r = cli('import', 'acled', join(dir, 'acled-export.csv'), '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'acled-export.csv: columns read as data_id=event_id_cnty (alias), lat=latitude (alias), lng=longitude (alias), Killed=fatalities (alias)',
    );
    const out = JSON.parse(r.stdout) as {
      imported: {
        rows: number;
        mapping: { fields: { field: string; column: string; via: string }[] };
      }[];
    };
    expect(out.imported[0]!.rows).toBe(3);
    expect(out.imported[0]!.mapping.fields).toContainEqual({
      field: 'admin1',
      column: 'ADMIN1',
      via: 'name',
    });
  });

  it('refuses a GTD-derived file without --map, naming the column it needs, and takes it with --map', () => {
    const bad = cli('import', 'gtd', join(dir, 'gtd-extract.csv'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /error CP_IMPORT_BAD_HEADER: gtd-extract\.csv, line 1, field "eventid": missing column "eventid".*--map COLUMN=eventid/,
    );
    const badMap = cli('import', 'gtd', join(dir, 'gtd-extract.csv'), '--map', 'Dead=kills');
    expect(badMap.code).toBe(2);
    expect(badMap.stderr).toMatch(/error CP_BAD_OPTION: .*gtd has no field "kills"/);
    const notDataset = cli('import', 'seizures', join(dir, 'gtd-extract.csv'), '--map', 'a=b');
    expect(notDataset.stderr).toMatch(/CP_BAD_OPTION: .*--map does not apply to seizures files/);

    const r = cli('import', 'gtd', join(dir, 'gtd-extract.csv'), ...GTD_MAP);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'gtd-extract.csv: columns read as Incident ID=eventid (--map), year=iyear (alias), month=imonth (alias), day=iday (alias), Country=country_txt (alias), Attack=attacktype1_txt (--map), Province=provstate (alias)',
    );
    expect(r.stdout).toMatch(/imported 2 gtd record\(s\)/);
  });

  it('refuses a bad row all or nothing, naming file, line and the column as the file spells it', () => {
    writeFileSync(join(dir, 'bad.csv'), GTD.replace(',3,1', ',three,1'));
    const r = cli('import', 'gtd', join(dir, 'bad.csv'), ...GTD_MAP, '--case', 'default');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.csv: columns read as');
    expect(r.stderr).toMatch(
      /error CP_IMPORT_BAD_ROW: bad\.csv, line 3, field "Dead": not a count/,
    );
  });

  it('keeps the mapping in the import log, and the API takes map as the CLI takes --map', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const list = (await (
      await fetch(`${base}/api/cases/default/imports`, { headers: auth })
    ).json()) as {
      items: {
        file: string;
        status: string;
        mapping: { fields: { field: string; via: string }[] } | null;
      }[];
    };
    const acled = list.items.find((i) => i.file === 'acled-export.csv' && i.status === 'done')!;
    expect(acled.mapping!.fields).toContainEqual({
      field: 'latitude',
      column: 'lat',
      via: 'alias',
    });
    const refused = list.items.find((i) => i.file === 'bad.csv')!;
    expect(refused.status).toBe('refused');
    expect(refused.mapping!.fields.find((f) => f.field === 'nkill')!.via).toBe('map');

    const form = new FormData();
    // Other ids, a year before: the summary below counts the CLI's imports only.
    form.append(
      'file',
      new Blob([GTD.replace(/g(\d)/g, 'api$1').replace(/,2021,/g, ',2020,')]),
      'upload.csv',
    );
    const query = GTD_MAP.filter((_, i) => i % 2 === 1)
      .map((m) => `map=${encodeURIComponent(m)}`)
      .join('&');
    const res = await fetch(`${base}/api/cases/default/imports?kind=gtd&${query}`, {
      method: 'POST',
      headers: auth,
      body: form,
    });
    expect(res.status, await res.clone().text()).toBe(202);
    const { id } = (await res.json()) as { id: string };
    let job: {
      status: string;
      mapping: { fields: { field: string; column: string; via: string }[] } | null;
    };
    for (;;) {
      job = (await (
        await fetch(`${base}/api/cases/default/imports/${id}`, { headers: auth })
      ).json()) as typeof job;
      if (job.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(job.status).toBe('done');
    expect(job.mapping!.fields).toContainEqual({ field: 'nkill', column: 'Dead', via: 'map' });

    const bad = await fetch(`${base}/api/cases/default/imports?kind=gtd&map=Dead%3Dkills`, {
      method: 'POST',
      headers: auth,
      body: form,
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('CP_BAD_OPTION');
  });

  it('rolls up by actor and by ACLED event type, the same from the CLI and the API', async () => {
    const r = cli('summary', '--from', '2021-01-09', '--to', '2021-01-13', '--json');
    expect(r.code, r.stderr).toBe(0);
    const fromCli = JSON.parse(r.stdout) as {
      by_actor: {
        key: string;
        name: string | null;
        attacks: number;
        killed: number;
        events: number;
      }[];
      by_event_type: { key: string; attacks: number; events: number }[];
    };
    const res = await fetch(`${base}/api/cases/default/summary?from=2021-01-09&to=2021-01-13`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(fromCli);

    const actor = Object.fromEntries(fromCli.by_actor.map((b) => [b.key, b]));
    // "Islamic State (Iraq)" (ACLED actor1) and "Daesh" (GTD group) are one actor.
    expect(actor.islamic_state).toMatchObject({ name: 'Islamic State', attacks: 2, killed: 5 });
    expect(actor.iswap).toMatchObject({ attacks: 1, killed: 2 });
    expect(actor.al_shabaab).toMatchObject({ attacks: 1, killed: 3 });
    expect(actor['name:protesters_nigeria']).toMatchObject({ attacks: 0, events: 1 });
    const types = Object.fromEntries(fromCli.by_event_type.map((b) => [b.key, b]));
    expect(types.Protests).toMatchObject({ attacks: 0, events: 1 });
    expect(types.Battles).toMatchObject({ attacks: 1, events: 1 });

    const text = cli('summary', '--from', '2021-01-09', '--to', '2021-01-13');
    expect(text.stdout).toMatch(/by actor/);
    expect(text.stdout).toMatch(/Islamic State/);
  });
});
