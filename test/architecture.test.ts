import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layering, checked by walking the imports of every module under src/ (parsed with
 * the TypeScript compiler, so comments and strings do not count):
 *
 * 1. Domain folders import nothing from the store, the server, the CLI or the application
 *    layer (src/app), directly or through any module they import, and none of the
 *    database or HTTP packages.
 *    Type-only imports count too: a domain module does not even name the `Store`.
 * 2. The store is the only place with SQL. Outside src/store no module imports `kysely`,
 *    `better-sqlite3` or `pg` (not even their types: a caller that needs the Kysely
 *    instance's type writes `Store['db']`), nor `sqliteHandle`, the store's raw SQLite
 *    handle; and none builds a query (`selectFrom`, `insertInto`, `updateTable`,
 *    `deleteFrom`, `replaceInto`, `mergeInto`, `selectNoFrom`, `executeQuery`,
 *    `.transaction()`, `sql` templates, `CompiledQuery`). Importing the store's types and
 *    repository functions is what callers are meant to do, and passing `store.db` into
 *    them is fine.
 * 3. The store is below the application layer and the front ends: no module of src/store
 *    imports anything from src/app, src/server or src/cli (a use case that needs the
 *    store's queries lives in src/app and calls them, not the other way round).
 *
 * Test files (`*.test.ts`) are exempt: they may read stored rows directly to assert on
 * what was written (hashed secrets, rolled-back imports).
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');

const DOMAIN = [
  'core',
  'access',
  'geo',
  'resolve',
  'incidents',
  'arms',
  'network',
  'flags',
  'trace',
  'reports',
  'documents',
];
const LAYERS = ['store', 'server', 'cli', 'app'];
const INFRA_PACKAGES = ['kysely', 'better-sqlite3', 'pg', 'fastify'];
const DB_PACKAGES = ['kysely', 'better-sqlite3', 'pg'];
const QUERY_METHODS = new Set([
  'selectFrom',
  'insertInto',
  'updateTable',
  'deleteFrom',
  'replaceInto',
  'mergeInto',
  'selectNoFrom',
  'executeQuery',
]);

interface Import {
  line: number;
  spec: string;
  /** The imported module as a path relative to the repository, for relative imports. */
  target?: string;
  /** The package name, for bare imports. */
  pkg?: string;
  typeOnly: boolean;
  names: string[];
}

interface Module {
  file: string;
  source: ts.SourceFile;
  imports: Import[];
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return walk(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

const rel = (p: string) => relative(ROOT, p).split(sep).join('/');
const isTest = (file: string) => /\.test\.tsx?$/.test(file);

function packageOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function importsOf(file: string, source: ts.SourceFile): Import[] {
  const out: Import[] = [];
  const add = (node: ts.Node, spec: string, typeOnly: boolean, names: string[]) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    if (spec.startsWith('.')) {
      out.push({ line, spec, target: rel(resolve(dirname(file), spec)), typeOnly, names });
    } else if (!spec.startsWith('node:')) {
      out.push({ line, spec, pkg: packageOf(spec), typeOnly, names });
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named =
        clause?.namedBindings && ts.isNamedImports(clause.namedBindings)
          ? clause.namedBindings.elements
          : undefined;
      const typeOnly = Boolean(
        clause &&
        (clause.isTypeOnly ||
          (!clause.name && named && named.length > 0 && named.every((e) => e.isTypeOnly))),
      );
      const names = named?.map((e) => (e.propertyName ?? e.name).text) ?? [];
      add(node, node.moduleSpecifier.text, typeOnly, names);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const named =
        node.exportClause && ts.isNamedExports(node.exportClause)
          ? node.exportClause.elements
          : undefined;
      const names = named?.map((e) => (e.propertyName ?? e.name).text) ?? [];
      add(node, node.moduleSpecifier.text, node.isTypeOnly, names);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      add(node, node.arguments[0].text, false, []);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const lit = node.argument.literal;
      if (ts.isStringLiteral(lit)) add(node, lit.text, true, []);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function load(): Map<string, Module> {
  const modules = new Map<string, Module>();
  for (const path of walk(SRC)) {
    const text = readFileSync(path, 'utf8');
    const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
    modules.set(rel(path), { file: rel(path), source, imports: importsOf(path, source) });
  }
  return modules;
}

const MODULES = load();

const layerOf = (file: string) => LAYERS.find((l) => file.startsWith(`src/${l}/`));
/** What the store sits below: the application layer and the two front ends. */
const ABOVE_STORE = ['app', 'server', 'cli'];
const inStore = (file: string) => file.startsWith('src/store/');

/** Where a domain module reaches a layer, following relative imports; the first path found. */
function reachesLayer(start: string, modules: Map<string, Module>): string[] | undefined {
  const seen = new Set([start]);
  const queue: string[][] = [[start]];
  while (queue.length) {
    const chain = queue.shift()!;
    const m = modules.get(chain.at(-1)!);
    if (!m) continue;
    for (const imp of m.imports) {
      if (!imp.target || seen.has(imp.target)) continue;
      seen.add(imp.target);
      const next = [...chain, `${imp.target} (${m.file}:${imp.line})`];
      if (layerOf(imp.target)) return next;
      queue.push([...chain, imp.target]);
    }
  }
  return undefined;
}

function domainOffences(modules = MODULES): string[] {
  const out: string[] = [];
  for (const m of modules.values()) {
    if (isTest(m.file) || !DOMAIN.some((d) => m.file.startsWith(`src/${d}/`))) continue;
    for (const imp of m.imports) {
      if (imp.pkg && INFRA_PACKAGES.includes(imp.pkg)) {
        out.push(`${m.file}:${imp.line} imports ${imp.spec}`);
      } else if (imp.target && layerOf(imp.target)) {
        out.push(`${m.file}:${imp.line} imports ${imp.target}`);
      }
    }
    const chain = reachesLayer(m.file, modules);
    // A direct import is reported above; report the longer ways in too.
    if (chain && chain.length > 2) {
      out.push(`${m.file} reaches ${chain.at(-1)} through ${chain.slice(1, -1).join(' → ')}`);
    }
  }
  return out.sort();
}

function queryBuilding(m: Module): string[] {
  const out: string[] = [];
  const at = (node: ts.Node) =>
    `${m.file}:${m.source.getLineAndCharacterOfPosition(node.getStart(m.source)).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : ts.isIdentifier(callee)
          ? callee.text
          : undefined;
      const where = at(ts.isPropertyAccessExpression(callee) ? callee.name : node);
      if (name && QUERY_METHODS.has(name)) out.push(`${where} calls ${name}()`);
      if (name === 'transaction' && ts.isPropertyAccessExpression(callee) && !node.arguments.length)
        out.push(`${where} opens a transaction()`);
    } else if (ts.isTaggedTemplateExpression(node)) {
      const tag = node.tag.getText(m.source);
      if (/^sql(\.\w+)?(<.*>)?$/s.test(tag)) out.push(`${at(node)} writes a sql\`…\` template`);
    } else if (ts.isIdentifier(node) && node.text === 'CompiledQuery') {
      out.push(`${at(node)} uses CompiledQuery`);
    }
    ts.forEachChild(node, visit);
  };
  visit(m.source);
  return out;
}

function sqlOffences(): string[] {
  const out: string[] = [];
  for (const m of MODULES.values()) {
    if (isTest(m.file) || inStore(m.file)) continue;
    for (const imp of m.imports) {
      if (imp.pkg && DB_PACKAGES.includes(imp.pkg)) {
        out.push(`${m.file}:${imp.line} imports ${imp.spec}${imp.typeOnly ? ' (types)' : ''}`);
      } else if (imp.target && inStore(imp.target) && imp.names.includes('sqliteHandle')) {
        out.push(`${m.file}:${imp.line} imports the raw SQLite handle (sqliteHandle)`);
      }
    }
    out.push(...queryBuilding(m));
  }
  return out.sort();
}

/** Imports from src/store into the layers above it, as file:line. */
function storeOffences(modules = MODULES): string[] {
  const out: string[] = [];
  for (const m of modules.values()) {
    if (isTest(m.file) || !inStore(m.file)) continue;
    for (const imp of m.imports) {
      if (imp.target && ABOVE_STORE.some((l) => imp.target!.startsWith(`src/${l}/`)))
        out.push(`${m.file}:${imp.line} imports ${imp.target}${imp.typeOnly ? ' (types)' : ''}`);
    }
  }
  return out.sort();
}

describe('architecture', () => {
  it('walks every module of src/', () => {
    expect(MODULES.size).toBeGreaterThan(100);
    for (const d of [...DOMAIN, ...LAYERS]) {
      expect(
        [...MODULES.keys()].some((f) => f.startsWith(`src/${d}/`)),
        d,
      ).toBe(true);
    }
  });

  it('domain folders import nothing from the store, the server, the CLI or src/app', () => {
    const found = domainOffences();
    expect(found, `\n${found.join('\n')}\n`).toEqual([]);
  });

  it('src/store imports nothing from src/app, src/server or src/cli', () => {
    const found = storeOffences();
    expect(found, `\n${found.join('\n')}\n`).toEqual([]);
  });

  it('only src/store imports the database packages or builds SQL', () => {
    const found = sqlOffences();
    expect(found, `\n${found.join('\n')}\n`).toEqual([]);
  });

  // The checks themselves, on small made-up modules: a check that finds nothing
  // because it looks at nothing would pass too.
  it('sees SQL and store imports where they are', () => {
    const probe = (file: string, text: string) => {
      const path = join(ROOT, file);
      const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
      return { file, source, imports: importsOf(path, source) };
    };
    const m = probe(
      'src/server/x.ts',
      [
        "import type { Kysely } from 'kysely';",
        "import { sqliteHandle } from '../store/connect.ts';",
        '// db.selectFrom("not code")',
        "const q = db\n  .selectFrom('cases');",
        'await sql`select 1`.execute(db);',
        'await db.transaction().execute(async () => {});',
      ].join('\n'),
    );
    expect(m.imports.map((i) => [i.line, i.pkg ?? i.target, i.typeOnly])).toEqual([
      [1, 'kysely', true],
      [2, 'src/store/connect.ts', false],
    ]);
    expect(queryBuilding(m)).toEqual([
      'src/server/x.ts:5 calls selectFrom()',
      'src/server/x.ts:6 writes a sql`…` template',
      'src/server/x.ts:7 opens a transaction()',
    ]);
    const d = probe('src/geo/y.ts', "export type { Store } from '../store/connect.ts';");
    expect(d.imports[0]).toMatchObject({ target: 'src/store/connect.ts', typeOnly: true });
    const chain = new Map(
      [
        probe('src/geo/a.ts', "import { b } from './b.ts';\nimport 'fastify';"),
        probe('src/geo/b.ts', "export const b = await import('../app/c.ts');"),
        probe('src/app/c.ts', "import { openStore } from '../store/connect.ts';"),
      ].map((x) => [x.file, x]),
    );
    const store = new Map(
      [
        probe(
          'src/store/x.ts',
          [
            "import { listOrders } from './orders.ts';",
            "import { loadCaseNetwork } from '../app/network.ts';",
            "import type { CaseCache } from '../server/cache.ts';",
            "export const c = () => import('../cli/context.ts');",
          ].join('\n'),
        ),
        probe('src/store/x.test.ts', "import { scoreCaseOrders } from '../app/orders.ts';"),
      ].map((x) => [x.file, x]),
    );
    expect(storeOffences(store)).toEqual([
      'src/store/x.ts:2 imports src/app/network.ts',
      'src/store/x.ts:3 imports src/server/cache.ts (types)',
      'src/store/x.ts:4 imports src/cli/context.ts',
    ]);
    expect(domainOffences(chain)).toEqual([
      'src/geo/a.ts reaches src/app/c.ts (src/geo/b.ts:1) through src/geo/b.ts',
      'src/geo/a.ts:2 imports fastify',
      'src/geo/b.ts:1 imports src/app/c.ts',
    ]);
    // The application layer counts even when it reaches no other layer.
    const app = new Map(
      [
        probe('src/geo/a.ts', "import { b } from './b.ts';"),
        probe('src/geo/b.ts', "import type { M } from '../app/m.ts';"),
        probe('src/app/m.ts', "import { matchPairs } from '../resolve/jobs.ts';"),
      ].map((x) => [x.file, x]),
    );
    expect(domainOffences(app)).toEqual([
      'src/geo/a.ts reaches src/app/m.ts (src/geo/b.ts:1) through src/geo/b.ts',
      'src/geo/b.ts:1 imports src/app/m.ts',
    ]);
  });
});
