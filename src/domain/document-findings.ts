/**
 * What the text read off an accepted picture tells, beyond its pixels: which material it reads as, whether an
 * ID number on it can be right, and the name it prints. Advisory only: a finding never refuses a picture.
 */
import { z } from 'zod';
import type { Material } from './flow.js';
import { checkIdNumber } from './id-number.js';
import {
  findIdNumberRuns,
  findPhrase,
  findPrintedName,
  normaliseReadText,
  type PhraseMatch,
} from './read-text.js';
import type { Text } from './text.js';

/** The findings of one read, as stored on the picture (DossierPhoto.findings) and shown to reviewers. */
export const DocumentFindingsSchema = z.object({
  /** Another material the picture reads as, when it reads clearly more like that one than the expected. */
  looksLike: z.string().optional(),
  /** ID numbers read on the picture whose GB 11643 check digit fails (a digit misread or mistyped). */
  invalidIdNumbers: z.number().int().nonnegative(),
  /** ID numbers read whose check digit holds. */
  validIdNumbers: z.number().int().nonnegative(),
  /** The name printed after 姓名, when there is one. */
  name: z.string().optional(),
});
export type DocumentFindings = z.infer<typeof DocumentFindingsSchema>;

/** Each material's key phrases found in a read: the evidence for `looksLike`. */
export type PhraseScores = Readonly<Record<string, number>>;

/**
 * Counts, for every material with key phrases, how many of its distinct phrases the text contains. A match
 * that lies inside a longer match of another phrase does not count (临时居民身份证 does not also count as
 * 居民身份证), so a document is not credited with the words of a longer title it prints.
 */
export function scoreMaterials(text: string, materials: Readonly<Record<string, Material>>): PhraseScores {
  const matches: (PhraseMatch & { readonly material: string })[] = [];
  for (const [id, material] of Object.entries(materials))
    for (const phrase of new Set(material.keyPhrases ?? [])) {
      const match = findPhrase(text, phrase);
      if (match) matches.push({ ...match, material: id });
    }
  const inside = (a: PhraseMatch, b: PhraseMatch) =>
    b.end - b.start > a.end - a.start && b.start <= a.start && a.end <= b.end;
  const scores: Record<string, number> = {};
  for (const id of Object.keys(materials)) scores[id] = 0;
  for (const match of matches) {
    if (matches.some((other) => other.phrase !== match.phrase && inside(match, other))) continue;
    scores[match.material] = (scores[match.material] ?? 0) + 1;
  }
  return scores;
}

/**
 * The material a read points to instead of `expected`, or undefined. It must score at least twice the
 * expected material's phrases plus one: one phrase when none of the expected material's was read, three
 * against one. Documents cite each other (a practice certificate names the holder's 医师执业证书), so a
 * single stray phrase must not outweigh the document's own; and when the expected material's phrases were
 * simply not read, silence is better than a false alarm. Materials whose phrases are the same (the diploma,
 * the bachelor's and the junior college diploma) tie and are never told apart. `candidates` orders the
 * materials preferred on a tie (the applicant's checklist first), and limits where a picture can point.
 */
export function toLooksLike(
  scores: PhraseScores,
  expected: string,
  candidates: readonly string[],
): string | undefined {
  const own = scores[expected] ?? 0;
  let best: string | undefined;
  for (const id of candidates) {
    if (id === expected) continue;
    const score = scores[id] ?? 0;
    if (score >= 2 * own + 1 && score > (best === undefined ? 0 : (scores[best] ?? 0))) best = id;
  }
  return best;
}

/**
 * The findings of one read for a picture put under `expected`. `materials` is the flow's catalogue;
 * `candidates` the materials the picture may read as (default: every material of the catalogue, in order).
 */
export function findDocumentFindings(
  readText: string,
  expected: string,
  materials: Readonly<Record<string, Material>>,
  candidates: readonly string[] = Object.keys(materials),
  today: Date = new Date(),
): DocumentFindings {
  const text = normaliseReadText(readText);
  const looksLike = toLooksLike(scoreMaterials(text, materials), expected, candidates);
  let invalid = 0;
  let valid = 0;
  for (const run of new Set(findIdNumberRuns(text))) {
    const check = checkIdNumber(run, today);
    if (check.ok) valid++;
    // A run whose birth date is impossible is some other number (a diploma's 18-digit serial), not an ID
    // number with a wrong digit: only the check digit of a plausible number is a finding.
    else if (check.reason === 'check_digit') invalid++;
  }
  const name = findPrintedName(text);
  return {
    ...(looksLike !== undefined && { looksLike }),
    invalidIdNumbers: invalid,
    validIdNumbers: valid,
    ...(name !== undefined && { name }),
  };
}

/** Whether the findings hold anything worth telling the applicant or the reviewer. */
export function hasDocumentNotes(findings: DocumentFindings): boolean {
  return findings.looksLike !== undefined || findings.invalidIdNumbers > 0;
}

/** One advisory note of `nmle check-photo`, as contracts §4 lists them. */
export type DocumentNote =
  | { readonly code: 'unexpected_document'; readonly looksLike: string; readonly message: Text }
  | { readonly code: 'id_number_invalid'; readonly message: Text };

/** The notes of a read, each with a sentence saying what to check; `titles` names the materials. */
export function toDocumentNotes(
  findings: DocumentFindings,
  expected: string,
  titles: (id: string) => Text,
): DocumentNote[] {
  const notes: DocumentNote[] = [];
  if (findings.looksLike !== undefined) {
    const other = titles(findings.looksLike);
    const mine = titles(expected);
    notes.push({
      code: 'unexpected_document',
      looksLike: findings.looksLike,
      message: {
        zh: `这张看起来是${other.zh}，不是${mine.zh}。请确认放对了材料。`,
        en: `This looks like the ${other.en}, not the ${mine.en}. Check it is under the right material.`,
      },
    });
  }
  if (findings.invalidIdNumbers > 0)
    notes.push({ code: 'id_number_invalid', message: ID_NUMBER_INVALID_MESSAGE });
  return notes;
}

/** What to check when an ID number read on a picture fails its check digit. */
export const ID_NUMBER_INVALID_MESSAGE: Text = {
  zh: '图片上的身份证号码校验位不符：请核对证件上的号码是否印错、填错，或照片是否清晰到每一位数字都能看清。',
  en: 'The ID number on the picture fails its check digit: check whether a digit is printed or written wrong on the document, or retake the picture so every digit is sharp.',
};
