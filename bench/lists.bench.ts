import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rng } from '../src/core/random.ts';
import { refreshWatchlists } from '../src/app/watchlist.ts';
import { ensureCase, openStore } from '../src/store/connect.ts';
import { importFile } from '../src/store/importer.ts';
import { report, scaled, time } from './harness.ts';
import { GIVEN_NAMES, TURKISH_STEMS, TURKISH_SUFFIXES, TURKISH_SURNAMES } from './resolve-names.ts';

/**
 * The watchlist after a list update (issue 20, item 4): a list of 20 000 entries, a case of
 * 2 000 parties screened against it once, then a new version of the list in which 1 % of
 * the entries changed or arrived. Ours: `chokepoint alerts refresh`, which screens the
 * parties against what changed only. Peer: what a user without the watchlist runs after
 * each update, as Aleph's cross-referencing does, `chokepoint screen` of every party against
 * the whole list. Both are the CLI, process start-up included, on the same SQLite file.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRIES = scaled(20_000);
const PARTIES = scaled(2_000);
const CHANGED = Math.max(1, Math.round(ENTRIES / 100));

function namer(seed: number): () => string {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() ** 2 * xs.length)]!;
  return () => {
    const given = pick(GIVEN_NAMES)[0].split('|')[0]!;
    const family =
      r() < 0.5 ? pick(TURKISH_SURNAMES) : `${pick(TURKISH_STEMS)}${pick(TURKISH_SUFFIXES)}`;
    return `${given} ${pick(GIVEN_NAMES)[0].split('|')[0]} ${family}`;
  };
}

function entry(i: number, name: string, year: number): string {
  return JSON.stringify({
    id: `bench-${i}`,
    schema: 'Person',
    properties: { name: [name], birthDate: [String(year)], topics: ['sanction'] },
  });
}

function cli(args: string[]): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/chokepoint.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`chokepoint ${args.join(' ')}: ${r.stderr}`);
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cp-bench-lists-'));
  try {
    const db = join(dir, 'lists.db');
    const name = namer(20);
    const names = Array.from({ length: ENTRIES }, () => name());
    const years = names.map((_, i) => 1950 + (i % 50));
    const v1 = names.map((n, i) => entry(i, n, years[i]!));
    // Version 2: the last 1 % new, and as many entries given another birth year.
    const v2 = [...v1];
    for (let k = 0; k < CHANGED / 2; k++) {
      const i = Math.floor((k * ENTRIES) / (CHANGED / 2));
      v2[i] = entry(i, names[i]!, years[i]! + 1);
    }
    for (let k = 0; k < CHANGED / 2; k++) v2.push(entry(ENTRIES + k, name(), 1970));
    const partyName = namer(7);
    const parties = Array.from({ length: PARTIES }, (_, i) =>
      JSON.stringify({ id: `party-${i}`, schema: 'Person', properties: { name: [partyName()] } }),
    );
    writeFileSync(join(dir, 'parties.jsonl'), parties.join('\n'));

    const store = await openStore({ url: db });
    await ensureCase(store.db, 'default', 'Default case');
    await importFile(store, 'ftm', join(dir, 'parties.jsonl'));
    // Both versions under one list name, as `--list` gives it on the command line.
    await importFile(store, 'sanctions', 'watchlist.ftm.jsonl', { text: v1.join('\n') });
    await refreshWatchlists(store);
    // The new version, imported without the CLI's own refresh after it: that is what is timed.
    await importFile(store, 'sanctions', 'watchlist.ftm.jsonl', { text: v2.join('\n') });
    await store.close();

    const ours = await time(() => cli(['alerts', 'refresh', '--db', db, '--json']));
    const peer = await time(() => cli(['screen', '--db', db, '--json', '--hits-only']));
    report({
      bench: 'lists',
      size: `${ENTRIES} entries (${CHANGED} changed or new), ${PARTIES} parties`,
      ours: 'chokepoint alerts refresh (what changed)',
      ours_ms: ours,
      peer: 'chokepoint screen (every party, whole list)',
      peer_ms: peer,
      db: 'sqlite',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
