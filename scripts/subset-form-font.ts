/**
 * Makes fonts/noto-sans-sc-forms.otf: the glyphs the notice's forms print on their own (src/forms/form-text.ts)
 * plus printable ASCII, cut from Noto Sans CJK SC Regular (SIL OFL 1.1, fonts/OFL.txt). Run it after changing
 * the forms' wording: `node --import tsx scripts/subset-form-font.ts`.
 *
 * Why a committed subset: a full CJK font is 8–17 MB per weight, the subset ~100 KB, so a clone and
 * `npm install` stay small. Filled-in values (names may use any character) are drawn with the `noto-sans-sc`
 * package's per-range slices (src/forms/form-font.ts). The tools this script needs (harfbuzz's subsetter and
 * the full font) are installed into a temporary folder with npm here, not kept in package.json: only a
 * maintainer changing the wording ever needs them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixedFormText } from '../src/forms/form-text.js';

const SUBSETTER = 'subset-font@2.9.0';
const SOURCE_FONT = '@embedpdf/fonts-sc@1.0.0';
const SOURCE_FILE = join('@embedpdf', 'fonts-sc', 'fonts', 'NotoSansHans-Regular.otf');
const FONTS = fileURLToPath(new URL('../fonts/', import.meta.url));

const tools = mkdtempSync(join(tmpdir(), 'subset-form-font-'));
try {
  execFileSync(
    'npm',
    ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', tools, SUBSETTER, SOURCE_FONT],
    {
      stdio: 'inherit',
    },
  );
  const require = createRequire(join(tools, 'node_modules', 'index.js'));
  const { default: subsetFont } = (await import(require.resolve('subset-font'))) as {
    default: (font: Buffer, text: string, options: { targetFormat: 'sfnt' }) => Promise<Buffer>;
  };
  let ascii = '';
  for (let code = 0x20; code < 0x7f; code++) ascii += String.fromCharCode(code);
  const chars = [...new Set([...ascii, ...fixedFormText()])].sort().join('');
  const subset = await subsetFont(readFileSync(join(tools, 'node_modules', SOURCE_FILE)), chars, {
    targetFormat: 'sfnt',
  });
  writeFileSync(join(FONTS, 'noto-sans-sc-forms.otf'), subset);
  writeFileSync(join(FONTS, 'noto-sans-sc-forms.chars.txt'), `${chars}\n`);
  console.log(`fonts/noto-sans-sc-forms.otf: ${subset.length} bytes, ${[...chars].length} characters`);
} finally {
  rmSync(tools, { recursive: true, force: true });
}
