/**
 * Text as an offline reader (OCR) returns it, made comparable: the rules of document-findings.ts look for
 * phrases and numbers in it, and OCR output is noisy in a few predictable ways.
 */

/**
 * Removes every space and line break (OCR spaces Chinese out irregularly, `姓 名`, and breaks lines where the
 * layout does), folds full-width letters, digits and punctuation to their ASCII forms (NFKC: `１２３` → `123`,
 * `：` → `:`) and maps the quote marks OCR puts in place of a label's colon or a table rule to nothing.
 */
export function normaliseReadText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[“”"'‘’|]/g, '');
}

/** Where a phrase was found in normalised text: [start, end) in code units. */
export interface PhraseMatch {
  readonly phrase: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Characters that may be misread in a phrase of this length: none up to four characters (a misread short
 * phrase would match too much), one from five, two from ten. Only substitutions: OCR misreads a character
 * far more often than it drops one, and allowing drops would let `毕业证明书` match `毕业证书`.
 */
export function allowedMisreads(length: number): number {
  return Math.floor(length / 5);
}

/** The first place `phrase` occurs in `text` with at most allowedMisreads(phrase) characters misread. */
export function findPhrase(text: string, phrase: string): PhraseMatch | undefined {
  const wanted = [...normaliseReadText(phrase)];
  const chars = [...text];
  const budget = allowedMisreads(wanted.length);
  let offset = 0;
  for (let start = 0; start + wanted.length <= chars.length; start++) {
    let misreads = 0;
    for (let i = 0; i < wanted.length && misreads <= budget; i++)
      if (chars[start + i] !== wanted[i]) misreads++;
    if (misreads <= budget) {
      const end = offset + chars.slice(start, start + wanted.length).join('').length;
      return { phrase, start: offset, end };
    }
    offset += (chars[start] as string).length;
  }
  return undefined;
}

/** What OCR reads for a digit in a run of digits, and the digit it stands for. */
const DIGIT_LOOKALIKES: Readonly<Record<string, string>> = {
  O: '0',
  o: '0',
  D: '0',
  Q: '0',
  I: '1',
  l: '1',
  i: '1',
  '!': '1',
  Z: '2',
  z: '2',
  S: '5',
  s: '5',
  B: '8',
  b: '6',
  g: '9',
  q: '9',
};

/**
 * Runs of 18 characters that read as a mainland ID number (17 digits and a digit or X), with OCR's look-alike
 * letters read back as digits. A run needs at least 15 real digits, so a word that happens to sit beside a
 * number is not taken for one; a longer or shorter run (two numbers printed together, a 15-digit licence
 * number) is not an ID number at all.
 */
export function findIdNumberRuns(text: string): string[] {
  const runs = text.match(/[0-9OoDQIli!ZzSsBbgqXx]{18,}/g) ?? [];
  const found: string[] = [];
  for (const run of runs) {
    const trimmed = run.replace(/^[^0-9]+/, '').replace(/[^0-9Xx]+$/, '');
    if (trimmed.length !== 18) continue;
    if ((trimmed.match(/[0-9]/g) ?? []).length < 15) continue;
    const body = [...trimmed.slice(0, 17)].map((c) => DIGIT_LOOKALIKES[c] ?? c).join('');
    const last = trimmed[17] === 'x' ? 'X' : (DIGIT_LOOKALIKES[trimmed[17] as string] ?? trimmed[17]);
    const candidate = `${body}${last}`;
    if (/^\d{17}[\dX]$/.test(candidate)) found.push(candidate);
  }
  return found;
}

/** Han characters (and the middle dot of transliterated names). */
const NAME_CHARS = '[\\u3400-\\u9fff·]';
/** Labels that follow the name on the documents we read: where the name ends. */
const AFTER_NAME = '性别|民族|出生|身份|学号|专业|院系|证件';

/**
 * The name printed after a `姓名` label: two to four Han characters ended by the next label or by anything
 * that is not Han. Undefined when there is no such label (a diploma writes the name inside a sentence).
 */
export function findPrintedName(text: string): string | undefined {
  const pattern = new RegExp(`姓名:?(${NAME_CHARS}{2,4}?)(?=${AFTER_NAME}|[^\\u3400-\\u9fff·]|$)`);
  return pattern.exec(text)?.[1];
}
