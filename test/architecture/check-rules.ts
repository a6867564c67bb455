/**
 * The checks behind each kind of row of test/architecture/rules.ts. Each returns its violations as sentences
 * that name the file, the import (file:line and the specifier as written) and the rule, so a reader knows
 * what to fix; an empty list means the row holds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  chainTo,
  describeSite,
  filesUnder,
  type ImportEdge,
  type ImportGraph,
  isModuleFile,
} from '../helpers/import-graph.js';
import type { Layer, PackageHome, Place, Unreachable } from './rules.js';

export const inPlace = (file: string, place: Place): boolean =>
  place.endsWith('/') ? file.startsWith(place) : file === place;

const inAny = (file: string, places: readonly Place[]): boolean =>
  places.some((place) => inPlace(file, place));

/** `telegraf` covers `telegraf`; `node:fs` covers `node:fs/promises`. */
const covers = (pattern: string, name: string): boolean => name === pattern || name.startsWith(`${pattern}/`);

export const list = (items: readonly string[]): string => (items.length === 0 ? 'nothing' : items.join(', '));

/** The source modules of a place: every module file under a folder, or the one file. */
export function modulesOf(graph: ImportGraph, place: Place): string[] {
  if (place.endsWith('/')) return filesUnder(graph.root, place).filter(isModuleFile);
  return existsSync(join(graph.root, place)) ? [place] : [];
}

const modulesOfAll = (graph: ImportGraph, places: readonly Place[]): string[] => [
  ...new Set(places.flatMap((place) => modulesOf(graph, place))),
];

const route = (chain: readonly ImportEdge[]): string => chain.map(describeSite).join(' → ');

/** Imports the graph cannot follow: a missing file, a computed dynamic import, an alias. */
export function unresolvedImports(graph: ImportGraph, places: readonly Place[]): string[] {
  return modulesOfAll(graph, places).flatMap((file) =>
    graph
      .edges(file)
      .flatMap((edge) =>
        edge.target.kind === 'unresolved'
          ? [
              `${describeSite(edge)}: ${edge.target.reason} — every import under ${list(places)} must resolve, ` +
                'or the architecture rules cannot see what it brings in',
            ]
          : [],
      ),
  );
}

export function packageHomeViolations(
  graph: ImportGraph,
  scope: readonly Place[],
  row: PackageHome,
): string[] {
  const only = row.only;
  if (only === 'anywhere') return [];
  return modulesOfAll(graph, scope).flatMap((file) =>
    inAny(file, only)
      ? []
      : graph
          .edges(file)
          .filter((edge) => edge.target.kind === 'package' && edge.target.name === row.package)
          .map(
            (edge) =>
              `${describeSite(edge)}: ${row.package} may be imported only under ${list(only)} — rule: "${row.rule}"`,
          ),
  );
}

/** Packages imported under `scope` that the table gives no place. */
export function packagesWithoutHome(
  graph: ImportGraph,
  scope: readonly Place[],
  homes: readonly PackageHome[],
): string[] {
  const known = new Set(homes.map((home) => home.package));
  return modulesOfAll(graph, scope).flatMap((file) =>
    graph
      .edges(file)
      .flatMap((edge) =>
        edge.target.kind === 'package' && !known.has(edge.target.name)
          ? [
              `${describeSite(edge)}: package ${edge.target.name} has no row in test/architecture/rules.ts ` +
                '(packageHomes) — give it its one place',
            ]
          : [],
      ),
  );
}

export function layerViolations(graph: ImportGraph, layer: Layer): string[] {
  const { modules, packages, builtins } = layer.mayImport;
  const allowed =
    `${modules === 'any' ? 'any module' : list(modules)}; packages: ${list(packages)}; ` +
    `built-ins: ${builtins === 'any' ? 'any' : list(builtins)}`;
  const breaks = (edge: ImportEdge): string | null => {
    const target = edge.target;
    switch (target.kind) {
      case 'module':
        return modules === 'any' || inAny(target.file, modules) ? null : `it names ${target.file}`;
      case 'package':
        return packages.some((name) => covers(name, target.name))
          ? null
          : `it names the package ${target.name}`;
      case 'builtin':
        return builtins === 'any' || builtins.some((name) => covers(name, target.name))
          ? null
          : `it names the built-in ${target.name}`;
      case 'unresolved':
        return null; // reported by the resolution check
    }
  };
  return modulesOf(graph, layer.files).flatMap((file) =>
    graph.edges(file).flatMap((edge) => {
      const why = breaks(edge);
      return why === null
        ? []
        : [
            `${describeSite(edge)}: ${why}, but ${layer.files} may import only ${allowed} — rule: "${layer.rule}"`,
          ];
    }),
  );
}

/**
 * One violation per import that crosses into a forbidden place or names a forbidden package, from any module
 * reachable from `row.from`, with the route that reaches it; the last import of the route is the one to fix.
 */
export function reachabilityViolations(graph: ImportGraph, row: Unreachable): string[] {
  const forbiddenPlace = (file: string) => row.mustNotReach.modules.find((place) => inPlace(file, place));
  const reached = graph.reach(modulesOf(graph, row.from), (file) => forbiddenPlace(file) !== undefined);
  const violations: string[] = [];
  for (const file of reached.keys()) {
    const where = forbiddenPlace(file);
    if (where !== undefined) {
      if (reached.get(file) === null)
        violations.push(`${file} is under ${row.from} and under ${where} — rule: "${row.rule}"`);
      continue;
    }
    for (const edge of graph.edges(file)) {
      const target = edge.target;
      const crossing =
        target.kind === 'module'
          ? forbiddenPlace(target.file) && `${target.file}, under ${forbiddenPlace(target.file)},`
          : target.kind === 'package' &&
            row.mustNotReach.packages.includes(target.name) &&
            `the package ${target.name}`;
      if (!crossing) continue;
      violations.push(
        `${crossing} is reachable from ${row.from}: ${route([...chainTo(reached, file), edge])} — rule: "${row.rule}"`,
      );
    }
  }
  return violations;
}

export function overlongFiles(root: string, row: { under: Place; max: number; rule: string }): string[] {
  return filesUnder(root, row.under).flatMap((file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    return lines > row.max ? [`${file}: ${lines} lines, over ${row.max} — rule: "${row.rule}"`] : [];
  });
}

export interface ProductCodeRow {
  readonly under: Place;
  readonly entries: readonly string[];
  readonly testingFolder: string;
  readonly assets: readonly Place[];
  readonly nonProduct: readonly Place[];
  readonly rule: string;
}

const inTestingFolder = (file: string, folder: string): boolean =>
  file.split('/').slice(0, -1).includes(folder);

/** Modules under `row.under` that no product entry reaches and that are not testing entries. */
export function nonProductModules(graph: ImportGraph, row: ProductCodeRow): string[] {
  const missing = row.entries.filter((entry) => !existsSync(join(graph.root, entry)));
  if (missing.length > 0)
    return missing.map((entry) => `product entry ${entry} does not exist — rule: "${row.rule}"`);
  const reached = graph.reach(row.entries);
  const importers = (file: string) =>
    modulesOfAll(graph, [row.under, ...row.nonProduct]).filter((importer) =>
      graph.edges(importer).some((edge) => edge.target.kind === 'module' && edge.target.file === file),
    );
  return modulesOf(graph, row.under)
    .filter((file) => !inAny(file, row.assets) && !inTestingFolder(file, row.testingFolder))
    .filter((file) => !reached.has(file))
    .map((file) => {
      const by = importers(file);
      return (
        `${file} is not reachable from ${list(row.entries)}; imported ${by.length > 0 ? `only by ${list(by)}` : 'by nothing'} ` +
        `— wire it into the product, or move it to test/ (or under a ${row.testingFolder}/ folder) — rule: "${row.rule}"`
      );
    });
}

/** Testing entries that the product reaches: named "testing" yet shipped. */
export function shippedTestingEntries(graph: ImportGraph, row: ProductCodeRow): string[] {
  const reached = graph.reach(row.entries.filter((entry) => existsSync(join(graph.root, entry))));
  return [...reached.keys()]
    .filter((file) => inPlace(file, row.under) && inTestingFolder(file, row.testingFolder))
    .map(
      (file) =>
        `${file} is under a ${row.testingFolder}/ folder but the product reaches it: ` +
        `${route(chainTo(reached, file))} — rule: "${row.rule}"`,
    );
}
