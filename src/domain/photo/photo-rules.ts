import { z } from 'zod';
import { TextSchema } from '../text.js';
import { PhotoProblemCodeSchema } from './photo-problem.js';
import { PHOTO_PROBLEM_MESSAGES } from './photo-problem-messages.js';

const count = (fallback: number) => z.number().int().positive().default(fallback);
const level = (fallback: number) => z.number().min(0).max(255).default(fallback);
const quality = (fallback: number) => z.number().int().min(1).max(100).default(fallback);

/**
 * Every threshold the photo checker applies, as data: the flow file's `upload:` section is parsed with this
 * schema, so next year's notice can change a limit or a message without touching code. Every field has a
 * default (see DEFAULT_PHOTO_RULES); unknown keys such as the section's `rules` text are stripped.
 *
 * Levels are grey levels 0–255. Edge width and the text-orientation ratio are measured on a copy downscaled to
 * `analysisLongSidePx`; change that and their thresholds must be recalibrated (test/images/calibration.test.ts).
 */
export const PhotoRulesSchema = z
  .object({
    /** Accepted container formats, judged from the bytes (notice 2.2: jpg/jpeg/png). */
    formats: z
      .array(z.enum(['jpeg', 'png']))
      .min(1)
      .default((): ('jpeg' | 'png')[] => ['jpeg', 'png']),
    /**
     * Largest accepted output file. Notice 2.2 says 200 KB; 200,000 bytes passes whether the official portal
     * counts that as 200,000 or 204,800 bytes.
     */
    maxBytes: count(200_000),
    /** Refused before decoding above this many pixels: a decompression bomb or a 100+ megapixel mode. */
    maxInputPixels: count(70_000_000),
    /** Smaller than this (upright long side / short side) and small print cannot be read. */
    minLongSidePx: count(1000),
    minShortSidePx: count(600),
    /** Long side of the greyscale copy that sharpness, exposure and orientation are measured on. */
    analysisLongSidePx: count(1000),
    /** Blurry when edges (median, worse direction) spread wider than this many pixels of the analysis copy. */
    maxEdgeWidthPx: z.number().positive().default(3),
    /**
     * Too dark when even the paper is dimmer than this: the frame's 95th percentile level, or the paper right
     * around the print when that is dimmer (a lamp in the frame lifts the first, not the second).
     */
    minPaperLevel: level(80),
    /** A pixel at or above this level is blown out (clipped): a reflection leaves no ink under it. */
    glareLevel: level(250),
    /**
     * Glare when a blank, blown-out square at least this wide (px of the analysis copy) lies inside the area
     * the print spans, while the paper around the print is not itself blown out (see images/measure-paper.ts).
     */
    minGlareSidePx: z.number().positive().default(40),
    /** Too bright (washed out) when even the ink (2nd percentile level) is lighter than this. */
    maxInkLevel: level(165),
    /** Sideways when the ink's density varies this many times more across x than down y (upright text: < 1). */
    sidewaysMinRatio: z.number().gt(1).default(1.15),
    /** Orientation is judged only with at least this share of ink pixels; below it there is no text to read. */
    minInkFraction: z.number().min(0).max(1).default(0.004),
    /**
     * Normalised output aims at about this many pixels (1600 × 1200), never upscaling; a large JPEG may come
     * out up to 1.25 times narrower so that it decodes at half size (see images/check-photo.ts).
     */
    outputTargetPixels: count(1600 * 1200),
    /** The output keeps at least this long side wherever the input had it, so small print stays legible. */
    outputMinLongSidePx: count(1200),
    /** JPEG quality search range: start no higher than max, shrink the picture only below floor, never below min. */
    jpegQualityMax: quality(90),
    jpegQualityFloor: quality(60),
    jpegQualityMin: quality(35),
    /** What the applicant is told for each problem; all codes must be present when given. */
    messages: z.record(PhotoProblemCodeSchema, TextSchema).default(() => ({ ...PHOTO_PROBLEM_MESSAGES })),
  })
  .superRefine((rules, ctx) => {
    if (!(rules.jpegQualityMin <= rules.jpegQualityFloor && rules.jpegQualityFloor <= rules.jpegQualityMax))
      ctx.addIssue({
        code: 'custom',
        path: ['jpegQualityFloor'],
        message: 'expected jpegQualityMin ≤ jpegQualityFloor ≤ jpegQualityMax',
      });
    if (rules.minShortSidePx > rules.minLongSidePx)
      ctx.addIssue({
        code: 'custom',
        path: ['minShortSidePx'],
        message: 'expected minShortSidePx ≤ minLongSidePx',
      });
  });

export type PhotoRules = z.infer<typeof PhotoRulesSchema>;

/** The rules of the 2020 notice, as the checker applies them when no flow file says otherwise. Frozen. */
export const DEFAULT_PHOTO_RULES: PhotoRules = deepFreeze(PhotoRulesSchema.parse({}));

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}
