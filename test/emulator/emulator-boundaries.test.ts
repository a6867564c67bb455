import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const emulatorDir = fileURLToPath(new URL('../../src/emulator/', import.meta.url));

/** Every module specifier each emulator source file imports, static or dynamic. */
function importsByFile(): Map<string, string[]> {
  const imports = new Map<string, string[]>();
  for (const file of readdirSync(emulatorDir).filter((name) => name.endsWith('.ts'))) {
    const source = readFileSync(`${emulatorDir}${file}`, 'utf8');
    const statements = /^(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gm;
    const specifiers = [...source.matchAll(statements)].map((match) => (match[1] ?? match[2]) as string);
    imports.set(file, specifiers);
  }
  return imports;
}

describe('the emulator module boundary', () => {
  it('imports no package, so it never depends on telegraf or sharp', () => {
    const packages = [...importsByFile()].flatMap(([file, specifiers]) =>
      specifiers
        .filter((specifier) => !specifier.startsWith('./') && !specifier.startsWith('node:'))
        .map((s) => `${file}: ${s}`),
    );
    expect(packages).toEqual([]);
  });

  it('keeps node built-ins in the HTTP server module, so the rest can run in a browser', () => {
    const nodeImports = [...importsByFile()]
      .filter(([, specifiers]) => specifiers.some((specifier) => specifier.startsWith('node:')))
      .map(([file]) => file);
    expect(nodeImports).toEqual(['node-http-server.ts']);
  });
});
