/**
 * The architecture rules of ../shared/architecture.md ("Rules (the architecture test in the repo keeps them)"),
 * as data. test/architecture.test.ts reads this table and checks every row over the resolved import graph
 * (test/helpers/import-graph.ts); to change a rule, change its row here — the test holds no rule of its own.
 *
 * Why this file lives here: a reader who meets "the architecture test" opens test/architecture.test.ts, whose
 * first import is this table, and the folder test/architecture/ holds the table, the checks and their tests
 * together. It is TypeScript rather than JSON or YAML so that `tsc` checks every row's shape (a misspelt key
 * fails the typecheck, not silently the rule) and so each row can say in a comment why it exists; at the top
 * level it would fall outside tsconfig's `include` and go unchecked.
 *
 * Places: repo-relative paths. One ending in `/` is a folder (everything below it), otherwise one file.
 * A folder that does not exist yet (src/console/, src/outbox/ today) makes its rows hold vacuously.
 *
 * Type-only imports (`import type`, `export type`, a type's `import('…').T`) count as imports for every row,
 * the same as a value import. They are erased at run time, but a layer that names a telegraf type or a type
 * of src/bot/ still depends on that layer: it changes when telegraf does and cannot move without it. The one
 * rule that is about run time — the CLI never starts a bot — is only made stricter by counting them.
 */

/** A repo-relative folder (`src/bot/`) or file (`src/log.ts`). */
export type Place = string;

/** Which places may import a package (its subpaths included: `telegraf/types` is `telegraf`). */
export interface PackageHome {
  readonly package: string;
  /** The places allowed to import it, or `anywhere`. */
  readonly only: readonly Place[] | 'anywhere';
  readonly rule: string;
}

/** What the files of one place may import at all: an allow-list. */
export interface Layer {
  readonly files: Place;
  readonly mayImport: {
    /** Places whose modules it may import (relative imports, resolved), or `any`. */
    readonly modules: readonly Place[] | 'any';
    /** Packages it may import. */
    readonly packages: readonly string[];
    /** Node built-ins it may import (`node:fs` covers `node:fs/promises`), or `any`. */
    readonly builtins: readonly string[] | 'any';
  };
  readonly rule: string;
}

/** Nothing reachable from `from`, through any chain of imports (dynamic and type-only included), is here. */
export interface Unreachable {
  readonly from: Place;
  readonly mustNotReach: {
    readonly modules: readonly Place[];
    /** No module reachable from `from` imports these packages. */
    readonly packages: readonly string[];
  };
  readonly rule: string;
}

const RULES = {
  domain: '`domain/` imports only `domain/` and zod: no node built-ins, no packages, no I/O.',
  useCases: 'Use-cases import no telegraf, no database driver, no sharp, no HTTP framework.',
  cli: 'Nothing reachable from `cli/` is under `bot/`; the CLI never starts a bot.',
  outbox: 'The outbox engine imports no telegraf and nothing of `bot/`.',
  onePlace:
    'Each package lives in one folder: telegraf in the bot face and the Telegram sender, sharp in `images/`, ' +
    'the database drivers in their adapter, the web framework in `console/`.',
  lines: 'No file over 400 lines.',
  product:
    '`src/` holds product code only; what only tests use lives in `test/` (or a clearly named testing entry).',
} as const;

/**
 * Every package that a file under `packageScope` imports must have a row here, so a new dependency is given
 * its place when it arrives rather than spreading first.
 */
export const packageScope: readonly Place[] = ['src/', 'bin/'];

export const packageHomes: readonly PackageHome[] = [
  // The bot face (src/bot/) and the Telegram sender adapter (src/telegram/).
  { package: 'telegraf', only: ['src/bot/', 'src/telegram/'], rule: RULES.onePlace },
  { package: '@telegraf/types', only: ['src/bot/', 'src/telegram/'], rule: RULES.onePlace },
  { package: 'sharp', only: ['src/images/'], rule: RULES.onePlace },
  // The embedded storage adapter.
  { package: 'keyv', only: ['src/storage/'], rule: RULES.onePlace },
  { package: '@keyv/sqlite', only: ['src/storage/'], rule: RULES.onePlace },
  { package: 'sqlite3', only: ['src/storage/'], rule: RULES.onePlace },
  // The shared adapter (later): src/storage/ includes a src/storage/postgres/ folder.
  { package: 'pg', only: ['src/storage/'], rule: RULES.onePlace },
  // The shared set's picture queue (issue 11): BullMQ on its PostgreSQL backend, beside the other adapters.
  { package: 'bullmq', only: ['src/storage/postgres/'], rule: RULES.onePlace },
  { package: 'node-cron', only: ['src/scheduler/'], rule: RULES.onePlace },
  // The web framework of the console face, and its Node server adapter (issue 12).
  { package: 'hono', only: ['src/console/'], rule: RULES.onePlace },
  { package: '@hono/node-server', only: ['src/console/'], rule: RULES.onePlace },
  // One logger module; everything else takes its `Logger` type from src/log.ts.
  { package: 'pino', only: ['src/log.ts'], rule: RULES.onePlace },
  // Flow files are YAML; only the flow loader parses them.
  { package: 'yaml', only: ['src/flows/'], rule: RULES.onePlace },
  // tsx compiles the sources on load for the `nmle` command; the product never imports it.
  { package: 'tsx', only: ['bin/'], rule: RULES.onePlace },
  // The notice's forms as PDFs (issue 13): pdfkit draws them, wawoff2 turns the fallback font's WOFF2 slices
  // into TrueType for it (src/forms/form-font.ts says why).
  { package: 'pdfkit', only: ['src/forms/'], rule: RULES.onePlace },
  { package: 'wawoff2', only: ['src/forms/'], rule: RULES.onePlace },
  // The console's and `nmle export`'s files (issue 12, item 7): the roster workbook and the pictures' archive.
  { package: 'exceljs', only: ['src/exports/'], rule: RULES.onePlace },
  { package: 'yazl', only: ['src/exports/'], rule: RULES.onePlace },
  // Schemas are rules as data: the domain and every layer may use them.
  { package: 'zod', only: 'anywhere', rule: RULES.onePlace },
];

export const layers: readonly Layer[] = [
  {
    files: 'src/domain/',
    mayImport: { modules: ['src/domain/'], packages: ['zod'], builtins: [] },
    rule: RULES.domain,
  },
  {
    // Use-cases and their ports (src/app/ports/): pure of frameworks, databases, sharp and I/O —
    // no telegraf, pg/keyv/sqlite3, sharp, hono, node:fs or node:http; they talk to the world through ports.
    files: 'src/app/',
    mayImport: { modules: ['src/domain/', 'src/app/'], packages: ['zod'], builtins: [] },
    rule: RULES.useCases,
  },
  {
    // Issue 14: the offline document reader (tesseract as a child process) behind its port; no package.
    files: 'src/reading/',
    mayImport: {
      modules: ['src/reading/', 'src/app/ports/'],
      packages: [],
      builtins: ['node:child_process', 'node:os'],
    },
    rule: 'The document reader runs tesseract as a child process behind its port: node built-ins only (issue 14).',
  },
  {
    // Issue 10 item 5: the emulator stays dependency-free (the playground ships it with `npm install` alone).
    files: 'src/emulator/',
    mayImport: { modules: ['src/emulator/'], packages: [], builtins: 'any' },
    rule: 'The emulator stays dependency-free: node built-ins and its own modules only (issue 10, item 5).',
  },
];

export const unreachable: readonly Unreachable[] = [
  { from: 'src/cli/', mustNotReach: { modules: ['src/bot/'], packages: [] }, rule: RULES.cli },
  // Transitively: the engine sends through the sender port; the composition root hands it src/telegram/.
  {
    from: 'src/outbox/',
    mustNotReach: { modules: ['src/bot/'], packages: ['telegraf', '@telegraf/types'] },
    rule: RULES.outbox,
  },
];

export const maxLines = { under: 'src/', max: 400, rule: RULES.lines } as const;

export const productCode = {
  under: 'src/',
  /**
   * Where a process starts: `npm start` (src/main.ts; the playground is its dynamic import) and the `nmle`
   * bin of package.json. Add one with each new kind of process (a console main, a worker main).
   */
  entries: ['src/main.ts', 'bin/nmle.js'],
  /**
   * A folder of this name anywhere under src/ (e.g. src/emulator/testing/) holds testing entries: modules the
   * tests and benchmarks import, allowed under src/ because they are clearly named — and therefore never on
   * the product path.
   */
  testingFolder: 'testing',
  /** Files served as they are, read from disk and never imported. */
  assets: ['src/playground/static/', 'src/console/static/'],
  /** Who else may import src/: a module imported only from here is not product code. */
  nonProduct: ['test/', 'bench/'],
  rule: RULES.product,
} as const;
