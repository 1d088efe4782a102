import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'cp-match-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('chokepoint match', () => {
  const left = file(
    'left.csv',
    'id,name,schema,aliases,country,birth_date\n' +
      'a1,Mohammed Hassan,Person,,Syria,1970-02-01\n' +
      'a2,Muhammad Hasan,Person,,SY,1970-02-01\n' +
      'a3,محمد حسن,Person,,,\n' +
      'a4,Mohammed Ali,Person,,,\n' +
      'a5,Akçakale Kimya Ltd. Şti.,Company,Akcakale Chemicals,TR,\n',
  );
  const right = file(
    'right.csv',
    'id,name,schema\nb1,AKCAKALE KIMYA LIMITED SIRKETI,Company\nb2,Mohamed Hassan,Company\n',
  );

  it('pairs records within one file, each pair once, with features', () => {
    const r = runCli(['match', left, '--json']);
    expect(r.code).toBe(0);
    const pairs = r.stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            left_id: string;
            right_id: string;
            score: number;
            features: Record<string, { value: number; weight: number }>;
          },
      );
    const keys = pairs.map((p) => [p.left_id, p.right_id].sort().join('-')).sort();
    expect(keys).toEqual(['a1-a2', 'a1-a3', 'a2-a3']);
    const a1a2 = pairs.find((p) => [p.left_id, p.right_id].sort().join('-') === 'a1-a2')!;
    expect(a1a2.features.birth_date_match).toBeDefined();
    // The same name and birth date: the highest calibrated score (src/resolve/calibration.ts).
    expect(a1a2.score).toBeGreaterThan(0.99);
    for (let i = 1; i < pairs.length; i++)
      expect(pairs[i - 1]!.score).toBeGreaterThanOrEqual(pairs[i]!.score);
  }, 180_000);

  it('matches left against right, respecting schemas', () => {
    const r = runCli(['match', left, right, '--json']);
    const pairs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { left_id: string; right_id: string });
    expect(pairs.map((p) => `${p.left_id}-${p.right_id}`)).toEqual(['a5-b1']);
  }, 180_000);

  it('prints clusters', () => {
    const r = runCli(['match', left, '--clusters', '--json']);
    const clusters = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { cluster_id: string; members: string[] });
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.members).toEqual(['a1', 'a2', 'a3']);
    const again = JSON.parse(
      runCli(['match', left, '--clusters', '--json']).stdout.trim().split('\n')[0]!,
    ) as { cluster_id: string };
    expect(again.cluster_id).toBe(clusters[0]!.cluster_id);
  }, 180_000);

  it('honours --threshold', () => {
    const r = runCli(['match', left, '--json', '--threshold', '0.99']);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(runCli(['match', left, '--threshold', '2']).stderr).toMatch(/CP_BAD_OPTION/);
  }, 180_000);

  it('refuses a bad CSV with file, line and field', () => {
    const bad = file('bad.csv', 'id,name,birth_date\nx1,Ali,1970-01-01\nx2,Omar,1970-13-45\n');
    const r = runCli(['match', bad, '--json']);
    expect(r.code).toBe(2);
    const err = JSON.parse(r.stderr.trim()) as {
      error: { code: string; file: string; line: number; field: string };
    };
    expect(err.error).toMatchObject({
      code: 'CP_IMPORT_BAD_ROW',
      file: 'bad.csv',
      line: 3,
      field: 'birth_date',
    });
    const noName = runCli(['match', file('noname.csv', 'id,label\n1,x\n')]);
    expect(noName.stderr).toMatch(/CP_IMPORT_BAD_HEADER/);
  }, 180_000);

  it('matches rows without a name on their other fields and skips, reporting, a row with nothing', () => {
    const rows = file(
      'nameless.csv',
      'id,name,birth_date,email,phone,city,registration_number\n' +
        'p1,Yusuf Darwish,1970-03-04,y@example.org,,Aleppo,\n' +
        'p2,,,Y@example.org,,,\n' +
        'p3,,1970-03-04,,,aleppo,\n' +
        'p4,,1970-03-04,,,,\n' +
        'p5,,,,,,\n' +
        'p6,Ali Hassan,,,,,HRB 1234\n' +
        'p7,,,,,,hrb1234\n',
    );
    const r = runCli(['match', rows, '--json']);
    expect(r.code).toBe(0);
    const pairs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { left_id: string; right_id: string; features: object });
    const ids = pairs.map((p) => [p.left_id, p.right_id].sort().join('-')).sort();
    // A birth date alone (p4) is not enough; e-mail, identifier, birth date with city are.
    expect(ids).toEqual(['p1-p2', 'p1-p3', 'p6-p7']);
    expect(pairs[0]!.features).toHaveProperty('name_absent');
    expect(r.stderr).toMatch(/skipped left record "p5": no name/);
  }, 180_000);
});
