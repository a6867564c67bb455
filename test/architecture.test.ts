/**
 * The rules of ../shared/architecture.md, read from the table in test/architecture/rules.ts and checked over
 * the resolved import graph (test/helpers/import-graph.ts, proven on a fixture in
 * test/architecture/import-graph.test.ts). Each failure lists sentences naming the file, the import and the rule.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  layerViolations,
  list,
  nonProductModules,
  overlongFiles,
  packageHomeViolations,
  packagesWithoutHome,
  reachabilityViolations,
  shippedTestingEntries,
  unresolvedImports,
} from './architecture/check-rules.js';
import {
  layers,
  maxLines,
  packageHomes,
  packageScope,
  productCode,
  unreachable,
} from './architecture/rules.js';
import { ImportGraph } from './helpers/import-graph.js';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const graph = new ImportGraph(REPO_ROOT);

describe('the architecture (rules: test/architecture/rules.ts)', () => {
  it(`every import under ${packageScope.join(', ')} resolves, so the rules see the whole graph`, () => {
    expect(unresolvedImports(graph, packageScope)).toEqual([]);
  });

  describe('each package lives in one place', () => {
    it.each(
      packageHomes.map(
        (row) =>
          [row.package, row.only === 'anywhere' ? 'anywhere' : `only under ${list(row.only)}`, row] as const,
      ),
    )('%s: %s', (_, __, row) => {
      expect(packageHomeViolations(graph, packageScope, row)).toEqual([]);
    });

    it('every package imported has a row in the table', () => {
      expect(packagesWithoutHome(graph, packageScope, packageHomes)).toEqual([]);
    });
  });

  describe('what a layer may import', () => {
    it.each(layers.map((layer) => [layer.files, layer] as const))(
      '%s imports only what its row allows',
      (_, layer) => {
        expect(layerViolations(graph, layer)).toEqual([]);
      },
    );
  });

  describe('what must stay unreachable', () => {
    it.each(
      unreachable.map(
        (row) => [row.from, list([...row.mustNotReach.modules, ...row.mustNotReach.packages]), row] as const,
      ),
    )('from %s: nothing of %s, transitively', (_, __, row) => {
      expect(reachabilityViolations(graph, row)).toEqual([]);
    });
  });

  it(`no file under ${maxLines.under} over ${maxLines.max} lines`, () => {
    expect(overlongFiles(REPO_ROOT, maxLines)).toEqual([]);
  });

  describe(`${productCode.under} holds product code only`, () => {
    it('the product entries are the processes package.json starts', () => {
      const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
        bin?: Record<string, string>;
        scripts?: Record<string, string>;
      };
      const started = [
        ...Object.values(pkg.bin ?? {}),
        ...(pkg.scripts?.start?.match(/\bsrc\/\S+\.ts\b/g) ?? []),
      ].map((path) => path.replace(/^\.\//, ''));
      expect(started.filter((path) => !(productCode.entries as readonly string[]).includes(path))).toEqual(
        [],
      );
    });

    it(`every module is reachable from ${productCode.entries.join(' or ')}, or is a testing entry`, () => {
      expect(nonProductModules(graph, productCode)).toEqual([]);
    });

    it(`nothing under a ${productCode.testingFolder}/ folder is on the product path`, () => {
      expect(shippedTestingEntries(graph, productCode)).toEqual([]);
    });
  });
});
