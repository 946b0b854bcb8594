import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The portal's folders are layers (docs/architecture.md, "Who may import whom"): an import goes
 * down, never up; a feature is reached only through its `index.ts`; the features depend on one
 * another without cycles. Every import of `src/` (tests aside) is read with TypeScript's own
 * parser and checked; a failure names the file, the import and the rule it breaks.
 */

const SRC = resolve(import.meta.dirname, '../src');

/** The layers, lowest first. */
const LAYERS = ['foundation', 'data', 'kit', 'page kit', 'feature', 'composition root'] as const;
type Layer = (typeof LAYERS)[number];

const FOUNDATION = new Set(['config.ts', 'logger.ts']);
const ROOT = new Set([
  'app.ts',
  'pages.ts',
  'job-registry.ts',
  'deps.ts',
  'server.ts',
  'cli.ts',
  'context.ts',
]);
const KITS = new Set(['http', 'jobs']);

/** A feature is a folder with a front door. */
const FEATURES = new Set(
  readdirSync(SRC).filter(
    (d) => statSync(join(SRC, d)).isDirectory() && existsSync(join(SRC, d, 'index.ts')),
  ),
);

interface Place {
  layer: Layer;
  /** The top folder (`complaints`), or the file itself at the top (`app.ts`). */
  top: string;
}

/** Where a file of `src/` sits, by its path relative to `src/`; null if no layer holds it. */
function placeOf(file: string): Place | null {
  const [top, ...rest] = file.split('/');
  if (top === undefined) return null;
  if (rest.length === 0) {
    if (FOUNDATION.has(top)) return { layer: 'foundation', top };
    if (ROOT.has(top)) return { layer: 'composition root', top };
    return null;
  }
  if (top === 'db') return { layer: 'data', top };
  if (KITS.has(top)) return { layer: 'kit', top };
  if (top === 'web') return { layer: 'page kit', top };
  if (FEATURES.has(top)) {
    // A feature's rows and words sit beside it but belong to the layers that compose them.
    const name = rest.join('/');
    if (name === 'table.ts') return { layer: 'data', top };
    if (name === 'i18n.ts') return { layer: 'page kit', top };
    return { layer: 'feature', top };
  }
  return null;
}

const rank = (layer: Layer) => LAYERS.indexOf(layer);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

interface Import {
  /** The importing file, relative to `src/`. */
  from: string;
  specifier: string;
  /** The imported file relative to `src/`, or null for a package. */
  to: string | null;
  /** `import type …`, or every name imported with `type`: erased, nothing is loaded. */
  typeOnly: boolean;
  line: number;
}

function resolveSpecifier(fromFile: string, specifier: string): string {
  const base = resolve(dirname(fromFile), specifier);
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${relative(SRC, fromFile)}: cannot resolve ${specifier}`);
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: Import[] = [];
  const add = (node: ts.Node, specifier: ts.Expression | undefined, typeOnly: boolean) => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    const name = specifier.text;
    const to = name.startsWith('.') ? resolveSpecifier(file, name) : null;
    found.push({
      from: relative(SRC, file),
      specifier: name,
      to: to === null ? null : relative(SRC, to),
      typeOnly,
      line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
    });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            named !== undefined &&
            ts.isNamedImports(named) &&
            named.elements.length > 0 &&
            named.elements.every((e) => e.isTypeOnly)));
      add(node, node.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.isTypeOnly);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments.length === 1
    ) {
      add(node, node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const FILES = sourceFiles(SRC);
const IMPORTS = FILES.flatMap(importsOf).filter((i) => i.to !== null);
const where = (i: Import) => `src/${i.from}:${i.line} imports '${i.specifier}' (src/${i.to})`;

/** The broken rule of one import of a file of `src/` into another, or null. */
function ruleBroken(i: Import): string | null {
  const from = placeOf(i.from);
  const to = placeOf(i.to!);
  if (from === null) return `src/${i.from} is in no layer (docs/architecture.md, "Who may import whom")`;
  if (to === null) return `${where(i)}: the imported file is in no layer`;
  if (i.from.startsWith('db/migrations/'))
    return `${where(i)}: a migration imports nothing of the portal (it must run as written, forever)`;
  if (i.to === 'context.ts') {
    // The contract every layer is handed; below the features, its types only.
    if (rank(from.layer) < rank('feature') && !i.typeOnly)
      return `${where(i)}: below the features, context.ts is imported with \`import type\` only`;
    return null;
  }
  if (rank(to.layer) > rank(from.layer))
    return `${where(i)}: the ${from.layer} layer may not import the ${to.layer} layer above it`;
  if (from.layer === 'kit' && to.layer === 'kit' && from.top !== to.top)
    return `${where(i)}: the kits ${from.top}/ and ${to.top}/ do not import each other`;
  if (to.layer === 'feature') {
    const door = `${to.top}/index.ts`;
    if (from.top === to.top && i.to === door && from.layer === 'feature')
      return `${where(i)}: inside ${to.top}/, import the file itself, not the feature's own index.ts`;
    if (from.top !== to.top && i.to !== door)
      return `${where(i)}: outside ${to.top}/, import its front door '${to.top}' (${door}) only`;
  }
  return null;
}

/** Which features each feature imports (through their front doors). */
function featureGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>([...FEATURES].map((f) => [f, new Set<string>()]));
  for (const i of IMPORTS) {
    const from = placeOf(i.from);
    const to = placeOf(i.to!);
    if (from?.layer === 'feature' && to?.layer === 'feature' && from.top !== to.top)
      graph.get(from.top)!.add(to.top);
  }
  return graph;
}

function cycles(graph: Map<string, Set<string>>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const walk = (node: string, path: string[]) => {
    state.set(node, 'open');
    for (const next of [...graph.get(node)!].sort()) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next].join(' → '));
      else if (!state.has(next)) walk(next, [...path, next]);
    }
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) walk(node, [node]);
  return found;
}

describe('the layers of the portal', () => {
  it('reads the imports it checks', () => {
    // Not vacuous: the parser finds app.ts's imports of the features' front doors.
    const fromApp = IMPORTS.filter((i) => i.from === 'app.ts').map((i) => i.to);
    expect(fromApp).toContain('complaints/index.ts');
    expect(fromApp).toContain('http/problem.ts');
    expect(FEATURES.size).toBeGreaterThan(10);
    expect(IMPORTS.length).toBeGreaterThan(300);
  });

  it('places every file of src/ in a layer', () => {
    const unplaced = FILES.map((f) => relative(SRC, f)).filter((f) => placeOf(f) === null);
    expect(
      unplaced,
      'a new top-level file or folder: give it a place in docs/architecture.md and here',
    ).toEqual([]);
  });

  it('has no import from a lower layer to a higher one, and reaches a feature only through its index.ts', () => {
    const broken = IMPORTS.map(ruleBroken).filter((r): r is string => r !== null);
    expect(broken).toEqual([]);
  });

  it('has no cycle between features', () => {
    expect(cycles(featureGraph())).toEqual([]);
  });

  it('knows a bad import when it sees one', () => {
    const bad = (from: string, to: string, typeOnly = false) =>
      ruleBroken({ from, specifier: to, to, typeOnly, line: 1 });
    expect(bad('http/env.ts', 'auth/middleware.ts')).toMatch(/kit layer may not import the feature layer/);
    expect(bad('web/routes.ts', 'complaints/pages.tsx')).toMatch(/page kit layer may not import the feature/);
    expect(bad('sla/clock.ts', 'complaints/actions.ts')).toMatch(/import its front door 'complaints'/);
    expect(bad('complaints/read.ts', 'complaints/index.ts')).toMatch(/import the file itself/);
    expect(bad('db/dialect.ts', 'http/clock.ts')).toMatch(/data layer may not import the kit layer/);
    expect(bad('http/health.ts', 'jobs/runner.ts')).toMatch(
      /kits http\/ and jobs\/ do not import each other/,
    );
    expect(bad('web/errors.tsx', 'context.ts')).toMatch(/import type/);
    expect(bad('web/errors.tsx', 'context.ts', true)).toBeNull();
    expect(bad('sla/clock.ts', 'complaints/table.ts', true)).toBeNull();
    expect(bad('web/i18n.ts', 'complaints/i18n.ts')).toBeNull();
    expect(bad('app.ts', 'complaints/index.ts')).toBeNull();
    expect(bad('app.ts', 'complaints/routes.ts')).toMatch(/front door/);
    expect(bad('scratch.ts', 'app.ts')).toMatch(/in no layer/);
    expect(
      cycles(
        new Map([
          ['a', new Set(['b'])],
          ['b', new Set(['a'])],
        ]),
      ),
    ).toEqual(['a → b → a']);
  });
});
