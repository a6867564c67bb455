import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  candidatePaths,
  chainTo,
  classifyBare,
  describeSite,
  ImportGraph,
  importSites,
} from '../helpers/import-graph.js';
import {
  layerViolations,
  nonProductModules,
  packageHomeViolations,
  reachabilityViolations,
  shippedTestingEntries,
  unresolvedImports,
} from './check-rules.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/architecture/', import.meta.url));
const graph = new ImportGraph(FIXTURES);
const targets = (file: string) => graph.edges(file).map((edge) => [edge.site.specifier, edge.target]);

describe('reading the imports of a file', () => {
  it('finds every import form, with its line, and nothing in comments or strings', () => {
    expect(graph.edges('entry.ts').map((edge) => edge.site)).toEqual([
      { specifier: 'node:fs', line: 2, form: 'import', typeOnly: false },
      { specifier: 'telegraf/types', line: 3, form: 'import', typeOnly: true },
      { specifier: 'zod', line: 4, form: 'import', typeOnly: false },
      { specifier: './a.js', line: 5, form: 'import', typeOnly: false },
      { specifier: './shapes/index.js', line: 6, form: 'import', typeOnly: true },
      { specifier: './b.js', line: 8, form: 'export', typeOnly: false },
      { specifier: './shapes/index.js', line: 9, form: 'export', typeOnly: true },
      { specifier: './lazy.js', line: 19, form: 'dynamic', typeOnly: false },
      { specifier: '@keyv/sqlite', line: 21, form: 'import', typeOnly: true },
    ]);
  });

  it('reads side-effect imports, `import { type X }` (kept at run time) and JavaScript', () => {
    const sites = (text: string, file = 'x.ts') =>
      importSites(file, text).map((s) => [s.specifier, s.typeOnly]);
    expect(sites("import './polyfill.js';\nimport { type T } from './t.js';")).toEqual([
      ['./polyfill.js', false],
      ['./t.js', false],
    ]);
    expect(sites("const m = await import('../src/cli/main.js');\nexport * from 'pkg';", 'bin/x.js')).toEqual([
      ['../src/cli/main.js', false],
      ['pkg', false],
    ]);
  });
});

describe('resolving a specifier', () => {
  it('maps a relative ESM `.js` specifier to the .ts file on disk, folders and parents included', () => {
    expect(targets('entry.ts')).toEqual([
      ['node:fs', { kind: 'builtin', name: 'node:fs' }],
      ['telegraf/types', { kind: 'package', name: 'telegraf' }],
      ['zod', { kind: 'package', name: 'zod' }],
      ['./a.js', { kind: 'module', file: 'a.ts' }],
      ['./shapes/index.js', { kind: 'module', file: 'shapes/index.ts' }],
      ['./b.js', { kind: 'module', file: 'b.ts' }],
      ['./shapes/index.js', { kind: 'module', file: 'shapes/index.ts' }],
      ['./lazy.js', { kind: 'module', file: 'lazy.ts' }],
      ['@keyv/sqlite', { kind: 'package', name: '@keyv/sqlite' }],
    ]);
    expect(targets('nested/c.ts')).toEqual([['../a.js', { kind: 'module', file: 'a.ts' }]]);
  });

  it('reports a missing file and a computed dynamic import instead of skipping them', () => {
    expect(graph.edges('broken.ts').map((edge) => edge.target.kind)).toEqual(['unresolved', 'unresolved']);
    expect(unresolvedImports(graph, ['broken.ts'])).toEqual([
      expect.stringMatching(/^broken\.ts:2 import '\.\/missing\.js': no file for '\.\/missing\.js'/),
      expect.stringMatching(/^broken\.ts:6 import\(<computed>\): a dynamic import of a computed specifier/),
    ]);
  });

  it.each([
    ['node:fs/promises', { kind: 'builtin', name: 'node:fs/promises' }],
    ['fs', { kind: 'builtin', name: 'node:fs' }],
    ['fs/promises', { kind: 'builtin', name: 'node:fs/promises' }],
    ['telegraf', { kind: 'package', name: 'telegraf' }],
    ['telegraf/types', { kind: 'package', name: 'telegraf' }],
    ['@keyv/sqlite', { kind: 'package', name: '@keyv/sqlite' }],
    ['@scope/pkg/deep/path.js', { kind: 'package', name: '@scope/pkg' }],
    ['#internal', { kind: 'unresolved' }],
    ['/abs/path.js', { kind: 'unresolved' }],
  ])('classifies %s', (specifier, expected) => {
    expect(classifyBare(specifier)).toMatchObject(expected);
  });

  it.each([
    ['/r/a.js', ['/r/a.ts', '/r/a.tsx', '/r/a.js']],
    ['/r/a.mjs', ['/r/a.mts', '/r/a.mjs']],
    ['/r/data.json', ['/r/data.json']],
  ])('looks for %s as %j', (base, expected) => {
    expect(candidatePaths(base)).toEqual(expected);
  });
});

describe('walking the graph', () => {
  it('reaches through static, re-exported, type-only and dynamic imports, and ends on a cycle', () => {
    const reached = graph.reach(['entry.ts']);
    expect([...reached.keys()].sort()).toEqual([
      'a.ts',
      'b.ts',
      'entry.ts',
      'lazy.ts',
      'nested/c.ts',
      'shapes/index.ts',
    ]);
    expect(chainTo(reached, 'nested/c.ts').map(describeSite)).toEqual([
      "entry.ts:5 import './a.js'",
      "a.ts:1 import './nested/c.js'",
    ]);
  });

  it('does not walk through a stop', () => {
    expect([...graph.reach(['entry.ts'], (file) => file === 'a.ts').keys()]).not.toContain('nested/c.ts');
  });
});

describe('the rule checks, on the fixture', () => {
  const rule = 'the rule as written';

  it('a reachability rule names the crossing import and the route to it', () => {
    expect(
      reachabilityViolations(graph, {
        from: 'entry.ts',
        mustNotReach: { modules: ['nested/'], packages: ['zod'] },
        rule,
      }),
    ).toEqual([
      `the package zod is reachable from entry.ts: entry.ts:4 import 'zod' — rule: "${rule}"`,
      `nested/c.ts, under nested/, is reachable from entry.ts: entry.ts:5 import './a.js' → a.ts:1 import './nested/c.js' — rule: "${rule}"`,
    ]);
  });

  it('a layer names each import outside its allow-list', () => {
    expect(
      layerViolations(graph, {
        files: 'nested/',
        mayImport: { modules: ['nested/'], packages: [], builtins: [] },
        rule,
      }),
    ).toEqual([
      `nested/c.ts:2 import '../a.js': it names a.ts, but nested/ may import only nested/; packages: nothing; built-ins: nothing — rule: "${rule}"`,
    ]);
    const domainLike = layerViolations(graph, {
      files: 'entry.ts',
      mayImport: { modules: 'any', packages: ['zod'], builtins: [] },
      rule,
    });
    expect(domainLike).toEqual([
      expect.stringContaining("entry.ts:2 import 'node:fs': it names the built-in node:fs"),
      expect.stringContaining("entry.ts:3 import type 'telegraf/types': it names the package telegraf"),
      expect.stringContaining("entry.ts:21 import type '@keyv/sqlite': it names the package @keyv/sqlite"),
    ]);
  });

  it('a package home names the import outside it', () => {
    expect(
      packageHomeViolations(graph, ['entry.ts', 'island.ts'], { package: 'zod', only: ['island.ts'], rule }),
    ).toEqual([`entry.ts:4 import 'zod': zod may be imported only under island.ts — rule: "${rule}"`]);
  });

  it('product code: what no entry reaches is named with its importers; a testing entry must not be reached', () => {
    const row = {
      under: 'nested/',
      testingFolder: 'testing',
      assets: [],
      nonProduct: ['a.ts', 'entry.ts'],
      rule,
    };
    expect(nonProductModules(graph, { ...row, entries: ['entry.ts'] })).toEqual([]);
    expect(nonProductModules(graph, { ...row, entries: ['island.ts'] })).toEqual([
      expect.stringMatching(/^nested\/c\.ts is not reachable from island\.ts; imported only by a\.ts — /),
    ]);
    const testing = { ...row, under: 'testing/', nonProduct: [] };
    expect(nonProductModules(graph, { ...testing, entries: ['entry.ts'] })).toEqual([]);
    expect(shippedTestingEntries(graph, { ...testing, entries: ['entry.ts'] })).toEqual([]);
    expect(shippedTestingEntries(graph, { ...testing, entries: ['island.ts'] })).toEqual([
      `testing/fake.ts is under a testing/ folder but the product reaches it: island.ts:3 import './testing/fake.js' — rule: "${rule}"`,
    ]);
  });
});
