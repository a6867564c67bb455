import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/cli.js';

const SRC = join(REPO_ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1] as string);

/** Which folder may import a package: the adapters stay in their folders, the domain imports none of them. */
const OWNERS: Record<string, string> = {
  telegraf: 'bot/',
  sharp: 'images/',
  keyv: 'storage/',
  '@keyv/sqlite': 'storage/',
  'node-cron': 'scheduler/',
};

describe('the shape of the house', () => {
  const files = sourceFiles(SRC).map((file) => ({ file, path: relative(SRC, file) }));

  it.each(Object.entries(OWNERS))('imports %s only under src/%s', (pkg, folder) => {
    const offenders = files
      .filter(
        ({ file, path }) =>
          !path.startsWith(folder) && importsOf(file).some((i) => i === pkg || i.startsWith(`${pkg}/`)),
      )
      .map(({ path }) => path);
    expect(offenders).toEqual([]);
  });

  it('keeps the domain free of I/O and of every other layer', () => {
    const offenders = files
      .filter(({ path }) => path.startsWith('domain/'))
      .filter(({ file }) =>
        importsOf(file).some(
          (i) =>
            i.startsWith('node:') ||
            (i.startsWith('.') && !relative(SRC, join(dirname(file), i)).startsWith('domain/')),
        ),
      )
      .map(({ path }) => path);
    expect(offenders).toEqual([]);
  });
});
