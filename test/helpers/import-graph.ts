/**
 * The import graph of the repo, for the architecture test: every import of a file, read by the TypeScript
 * parser (so comments and strings that merely look like imports are not imports) and resolved the way Node
 * and tsx resolve it — a relative specifier to the file on disk, a bare one to a package or a built-in.
 *
 * What counts as an import: `import … from`, `import '…'`, `export … from`, `import type`/`export type`,
 * a type position's `import('…').T`, and a dynamic `import('…')` whose argument is a string. Type-only imports
 * are marked (`typeOnly`) but are edges like any other: see test/architecture/rules.ts for why.
 */
import { type Dirent, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';

/** Where an import appears and how it is written. */
export interface ImportSite {
  /** The specifier, or null for a dynamic `import(expr)` whose argument is not a string literal. */
  readonly specifier: string | null;
  /** 1-based. */
  readonly line: number;
  /** `import`: a static import; `export`: a re-export; `dynamic`: `import('…')` in code. */
  readonly form: 'import' | 'export' | 'dynamic';
  /** Erased at run time: `import type`, `export type`, or `import('…').T` in a type. */
  readonly typeOnly: boolean;
}

/** What a specifier names. Module paths are repo-relative with `/` separators. */
export type ImportTarget =
  | { readonly kind: 'module'; readonly file: string }
  | { readonly kind: 'package'; readonly name: string }
  | { readonly kind: 'builtin'; readonly name: string }
  | { readonly kind: 'unresolved'; readonly reason: string };

export interface ImportEdge {
  /** The importing file, repo-relative. */
  readonly from: string;
  readonly site: ImportSite;
  readonly target: ImportTarget;
}

const MODULE_FILE = /\.(?:[cm]?[jt]sx?)$/;
const BUILTINS = new Set(builtinModules);

/** Whether a path names a file the graph parses (TypeScript or JavaScript source). */
export const isModuleFile = (path: string): boolean => MODULE_FILE.test(path);

/** Every import site of a source text, in order of appearance. */
export function importSites(fileName: string, text: string): ImportSite[] {
  const kind = /\.[cm]?jsx?$/.test(fileName)
    ? ts.ScriptKind.JS
    : fileName.endsWith('x')
      ? ts.ScriptKind.TSX
      : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
  const sites: ImportSite[] = [];
  const add = (node: ts.Node, specifier: string | null, form: ImportSite['form'], typeOnly: boolean) =>
    sites.push({
      specifier,
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
      form,
      typeOnly,
    });
  const literal = (node: ts.Node | undefined): string | null =>
    node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : null;

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const typeOnly = node.importClause?.phaseModifier === ts.SyntaxKind.TypeKeyword;
      add(node, literal(node.moduleSpecifier), 'import', typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      add(node, literal(node.moduleSpecifier), 'export', node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, literal(node.moduleReference.expression), 'import', node.isTypeOnly);
    } else if (ts.isImportTypeNode(node)) {
      const argument = ts.isLiteralTypeNode(node.argument) ? literal(node.argument.literal) : null;
      add(node, argument, 'import', true);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, literal(node.arguments[0]), 'dynamic', false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}

/**
 * What a bare specifier names: `node:fs/promises` and `fs/promises` → the built-in `node:fs/promises`;
 * `telegraf/types` → the package `telegraf`; `@keyv/sqlite/x` → the package `@keyv/sqlite`.
 * Relative, absolute, URL and `#subpath` specifiers are not bare and come back unresolved.
 */
export function classifyBare(specifier: string): ImportTarget {
  if (specifier.startsWith('node:')) return { kind: 'builtin', name: specifier };
  if (
    /^\.\.?(?:\/|$)/.test(specifier) ||
    specifier.startsWith('/') ||
    /^[a-z][a-z0-9+.-]*:/i.test(specifier)
  ) {
    return { kind: 'unresolved', reason: `'${specifier}' is not a bare specifier` };
  }
  if (specifier.startsWith('#')) {
    return {
      kind: 'unresolved',
      reason: `'${specifier}' is a package.json "imports" alias, which this repo does not use`,
    };
  }
  if (BUILTINS.has(specifier)) return { kind: 'builtin', name: `node:${specifier}` };
  const segments = specifier.split('/');
  const name = specifier.startsWith('@') ? segments.slice(0, 2).join('/') : (segments[0] as string);
  if (specifier.startsWith('@') && segments.length < 2) {
    return { kind: 'unresolved', reason: `'${specifier}' is a scope without a package name` };
  }
  return { kind: 'package', name };
}

/** The files a relative specifier may name, most likely first: ESM `.js` → the `.ts` source, and so on. */
export function candidatePaths(absoluteBase: string): string[] {
  const swap: Array<[RegExp, string[]]> = [
    [/\.js$/, ['.ts', '.tsx', '.js']],
    [/\.jsx$/, ['.tsx', '.jsx']],
    [/\.mjs$/, ['.mts', '.mjs']],
    [/\.cjs$/, ['.cts', '.cjs']],
  ];
  for (const [suffix, replacements] of swap) {
    if (suffix.test(absoluteBase)) return replacements.map((ext) => absoluteBase.replace(suffix, ext));
  }
  if (/\.[a-z0-9]+$/i.test(absoluteBase) && !absoluteBase.endsWith('/')) return [absoluteBase];
  // No extension (tsx tolerates it; NodeNext does not, and tsc says so): a file, else a folder's index.
  return ['.ts', '.tsx', '.js'].flatMap((ext) => [
    `${absoluteBase}${ext}`,
    join(absoluteBase, `index${ext}`),
  ]);
}

const isFile = (path: string): boolean => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

const toRepoPath = (root: string, absolute: string): string => relative(root, absolute).split(sep).join('/');

/** The import graph under one root; files are parsed on first use and kept. */
export class ImportGraph {
  readonly #edges = new Map<string, readonly ImportEdge[]>();

  constructor(readonly root: string) {}

  /** What `specifier`, written in `from` (repo-relative), names. */
  resolve(from: string, specifier: string): ImportTarget {
    if (!/^\.\.?(?:\/|$)/.test(specifier)) return classifyBare(specifier);
    const base = join(this.root, dirname(from), specifier);
    const found = candidatePaths(base).find(isFile);
    if (!found) return { kind: 'unresolved', reason: `no file for '${specifier}' next to ${from}` };
    const file = toRepoPath(this.root, found);
    if (file.startsWith('..')) return { kind: 'unresolved', reason: `'${specifier}' leaves the repo` };
    return { kind: 'module', file };
  }

  /** The imports of one file (repo-relative), resolved; none for a file that is not a source file. */
  edges(file: string): readonly ImportEdge[] {
    const known = this.#edges.get(file);
    if (known) return known;
    const edges: ImportEdge[] = isModuleFile(file)
      ? importSites(file, readFileSync(join(this.root, file), 'utf8')).map((site) => ({
          from: file,
          site,
          target:
            site.specifier === null
              ? { kind: 'unresolved', reason: 'a dynamic import of a computed specifier cannot be followed' }
              : this.resolve(file, site.specifier),
        }))
      : [];
    this.#edges.set(file, edges);
    return edges;
  }

  /**
   * Breadth-first walk from `starts` over module edges. Returns each file reached with the edge it was first
   * reached by (null for a start), so `chainTo` gives a shortest path. `stopAt` files are reached but not
   * walked through.
   */
  reach(
    starts: readonly string[],
    stopAt: (file: string) => boolean = () => false,
  ): Map<string, ImportEdge | null> {
    const reached = new Map<string, ImportEdge | null>(starts.map((file) => [file, null]));
    const queue = [...starts];
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      if (stopAt(file)) continue;
      for (const edge of this.edges(file)) {
        if (edge.target.kind !== 'module' || reached.has(edge.target.file)) continue;
        reached.set(edge.target.file, edge);
        queue.push(edge.target.file);
      }
    }
    return reached;
  }
}

/** The edges from a start to `file`, in order, as found by `ImportGraph.reach`. */
export function chainTo(reached: ReadonlyMap<string, ImportEdge | null>, file: string): ImportEdge[] {
  const chain: ImportEdge[] = [];
  for (let edge = reached.get(file); edge; edge = reached.get(edge.from)) chain.unshift(edge);
  return chain;
}

/** `src/cli/main.ts:20 import('./remind-command.js')` — the file, the line and the import as written. */
export function describeSite(edge: ImportEdge): string {
  const { specifier, form, typeOnly, line } = edge.site;
  const spec = specifier === null ? '<computed>' : `'${specifier}'`;
  const written =
    form === 'dynamic'
      ? `import(${spec})`
      : `${form}${typeOnly ? ' type' : ''} ${form === 'export' ? '… from ' : ''}${spec}`;
  return `${edge.from}:${line} ${written}`;
}

/** Repo-relative paths of every file under `folder` (repo-relative, ending in `/`), sorted. */
export function filesUnder(root: string, folder: string): string[] {
  const walk = (dir: string): string[] => {
    let entries: Dirent[];
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true });
    } catch {
      return []; // a folder the table names before it exists
    }
    return entries.flatMap((entry) =>
      entry.isDirectory() ? walk(`${dir}${entry.name}/`) : entry.isFile() ? [`${dir}${entry.name}`] : [],
    );
  };
  return walk(folder).sort();
}
