import { z } from 'zod';

/**
 * Why a photo is refused, in the order the checker looks. Stable: the `nmle check-photo --json` contract and
 * the flow file's messages are keyed by these codes.
 */
export const PHOTO_PROBLEM_CODES = [
  'unsupported_format',
  'corrupt',
  'too_many_pixels',
  'too_small',
  'too_dark',
  'too_bright',
  'glare',
  'blurry',
  'sideways',
] as const;

export const PhotoProblemCodeSchema = z.enum(PHOTO_PROBLEM_CODES);
export type PhotoProblemCode = z.infer<typeof PhotoProblemCodeSchema>;

/** One reason to refuse a photo; `detail` is for logs and reviewers (English, with the measured figure). */
export interface PhotoProblem {
  readonly code: PhotoProblemCode;
  readonly detail: string;
}
