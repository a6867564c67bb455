import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const testingDir = 'src/emulator/testing/';

/** Where the shipped emulator is reached from: `npm start`, the playground, and the core emulator itself. */
const SHIPPED_ROOTS = [
  'src/main.ts',
  'src/playground/start-playground.ts',
  'src/emulator/bot-api-emulator.ts',
];

/** Every module specifier a source imports or re-exports, static or dynamic, type-only included. */
function specifiersOf(source: string): string[] {
  const statements =
    /^\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'|^\s*import\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gm;
  return [...source.matchAll(statements)].map((match) => (match[1] ?? match[2] ?? match[3]) as string);
}

const repoPath = (absolute: string) => relative(repoRoot, absolute).split(sep).join('/');

/** The repo-relative files reachable from `roots` through relative imports (`./x.js` read as `./x.ts`). */
function reachableFrom(roots: readonly string[]): { files: Set<string>; unresolved: string[] } {
  const files = new Set<string>();
  const unresolved: string[] = [];
  const pending = [...roots];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    const absolute = join(repoRoot, file);
    for (const specifier of specifiersOf(readFileSync(absolute, 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const target = join(dirname(absolute), specifier);
      const resolved = [target.replace(/\.js$/, '.ts'), target].find((candidate) => existsSync(candidate));
      if (resolved) pending.push(repoPath(resolved));
      else unresolved.push(`${file}: ${specifier}`);
    }
  }
  return { files, unresolved };
}

describe('the shipped emulator', () => {
  it('reaches no file of the testing entry from npm start, the playground or the core emulator', () => {
    const { files, unresolved } = reachableFrom(SHIPPED_ROOTS);
    expect(unresolved).toEqual([]);
    // The walk does reach the emulator the playground runs, so the check below is not vacuous.
    expect(files).toContain('src/emulator/bot-api-handler.ts');
    expect(files).toContain('src/emulator/simulated-user.ts');
    expect([...files].filter((file) => file.startsWith(testingDir))).toEqual([]);
  });

  it('keeps the testing entry dependency-free too: it imports its own modules and the core only', () => {
    const outside = readdirSync(join(repoRoot, testingDir))
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) =>
        specifiersOf(readFileSync(join(repoRoot, testingDir, name), 'utf8'))
          .filter(
            (specifier) =>
              !specifier.startsWith('.') ||
              !repoPath(join(repoRoot, testingDir, specifier)).startsWith('src/emulator/'),
          )
          .map((specifier) => `${name}: ${specifier}`),
      );
    expect(outside).toEqual([]);
  });
});
