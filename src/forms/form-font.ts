import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Which font file draws which character. The forms' own words come from a ~100 KB subset committed in
 * fonts/ (made by scripts/subset-form-font.ts from Noto Sans CJK SC, SIL OFL 1.1); anything else — a filled-in
 * name may hold any character — from the `noto-sans-sc` package, which ships Noto Sans SC Regular as ~100
 * WOFF2 slices by Unicode range (2.7 MB for the regular weight; 16 MB for the six weights it installs, against
 * 41–197 MB for the packages that ship whole CJK fonts). pdfkit embeds only the glyphs drawn, so a filled form
 * stays ~40 KB.
 */

const FONTS_DIR = fileURLToPath(new URL('../../fonts/', import.meta.url));
export const SUBSET_FONT_FILE = join(FONTS_DIR, 'noto-sans-sc-forms.otf');
const SUBSET_CHARS_FILE = join(FONTS_DIR, 'noto-sans-sc-forms.chars.txt');

interface Slice {
  readonly file: string;
  /** Inclusive code point ranges. */
  readonly ranges: readonly (readonly [number, number])[];
}

let subsetChars: ReadonlySet<string> | undefined;
let slices: readonly Slice[] | undefined;

/** The characters the committed subset holds (the list its script wrote beside it). */
export function subsetCharacters(): ReadonlySet<string> {
  subsetChars ??= new Set(readFileSync(SUBSET_CHARS_FILE, 'utf8').replace(/\n$/, ''));
  return subsetChars;
}

/** The regular weight's slices, read from the package's CSS (its `src` and `unicode-range` per @font-face). */
function fallbackSlices(): readonly Slice[] {
  if (slices) return slices;
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('noto-sans-sc/package.json')), 'noto_sans_sc_regular');
  const css = readFileSync(join(dir, 'css.css'), 'utf8');
  const found: Slice[] = [];
  for (const face of css.split('@font-face').slice(1)) {
    const url = /url\(([^)]+\.woff2)\)/.exec(face)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(face)?.[1];
    if (!url || !range) continue;
    const ranges = range.split(',').map((part): [number, number] => {
      const [lo, hi] = part.trim().replace(/^U\+/i, '').split('-');
      const start = Number.parseInt(lo ?? '', 16);
      return [start, hi === undefined ? start : Number.parseInt(hi, 16)];
    });
    found.push({ file: join(dir, url.replace(/^['"]|['"]$/g, '')), ranges });
  }
  slices = found;
  return found;
}

/** Where `char` is drawn from: the subset, a slice (its index), or undefined when no font here has it. */
function sourceOf(char: string): 'subset' | number | undefined {
  if (subsetCharacters().has(char)) return 'subset';
  const code = char.codePointAt(0) ?? 0;
  const index = fallbackSlices().findIndex((s) => s.ranges.some(([lo, hi]) => code >= lo && code <= hi));
  return index < 0 ? undefined : index;
}

/** The first character of `text` that no font here can draw, or undefined. */
export function findUndrawableChar(text: string): string | undefined {
  return [...text].find((char) => sourceOf(char) === undefined);
}

const SUBSET_FONT = 'forms-subset';
const sliceFont = (index: number) => `noto-sans-sc-${index}`;

/** The fonts one document draws with: name → file or font bytes, for pdfkit's registerFont. */
export interface FormFonts {
  readonly sources: ReadonlyMap<string, string | Buffer>;
}

export interface FontRun {
  /** A name in FormFonts.sources. */
  readonly font: string;
  readonly text: string;
}

/**
 * Loads the fonts that `texts` need: the subset, and each slice holding a character outside it, decoded from
 * WOFF2 to TrueType. Why decode: fontkit's TrueType subsetter copies `glyf` bytes as stored, and WOFF2 stores
 * that table transformed, so a WOFF2 font embedded as it is draws empty glyphs (text still extracts, which
 * hides it); WOFF2 → TTF with wawoff2 (Google's woff2 decoder in WebAssembly) is ~20 ms per slice.
 */
export async function loadFormFonts(texts: readonly string[]): Promise<FormFonts> {
  const sources = new Map<string, string | Buffer>([[SUBSET_FONT, SUBSET_FONT_FILE]]);
  const needed = new Set<number>();
  for (const text of texts)
    for (const char of text) {
      const source = sourceOf(char);
      if (typeof source === 'number') needed.add(source);
    }
  // @ts-expect-error wawoff2 ships no types; the one function used is typed here.
  const { decompress } = (await import('wawoff2')) as {
    decompress: (woff2: Uint8Array) => Promise<Uint8Array>;
  };
  for (const index of needed) {
    const slice = fallbackSlices()[index] as Slice;
    sources.set(sliceFont(index), Buffer.from(await decompress(readFileSync(slice.file))));
  }
  return { sources };
}

/** `text` cut into runs of one font each; a character no font has is dropped (callers check first). */
export function toFontRuns(text: string): FontRun[] {
  const runs: { font: string; text: string }[] = [];
  for (const char of text) {
    const source = sourceOf(char);
    if (source === undefined) continue;
    const font = source === 'subset' ? SUBSET_FONT : sliceFont(source);
    const last = runs.at(-1);
    if (last && last.font === font) last.text += char;
    else runs.push({ font, text: char });
  }
  return runs;
}
