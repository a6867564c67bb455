import type { PhotoProblem } from './photo-problem.js';

/**
 * What was measured on the way to a verdict; a field is absent when the checker stopped before it (a file
 * that is not an image has no width). Dimensions are upright, after EXIF orientation.
 */
export interface PhotoMeasurements {
  readonly byteLength: number;
  /** Container format from the file's first bytes, e.g. `jpeg`, `webp`, `unknown`. */
  readonly format: string;
  readonly width?: number;
  readonly height?: number;
  /** EXIF orientation tag of the input (1–8), when present. */
  readonly exifOrientation?: number;
  readonly meanLevel?: number;
  readonly inkLevel?: number;
  readonly paperLevel?: number;
  /** Level of the paper right around the print; `null` when too little print was found to say. */
  readonly documentPaperLevel?: number | null;
  /** Side of the largest blank blown-out square inside the printed area, px of the analysis copy. */
  readonly glareSidePx?: number;
  /** Median edge width in pixels of the analysis copy, worse direction; `null` when there are no edges. */
  readonly edgeWidthPx?: number | null;
  /** Above 1 when the text runs down rather than across (see measureTextOrientation). */
  readonly textOrientationRatio?: number;
  readonly inkFraction?: number;
}

/** The accepted photo as it will be stored and shown to reviewers. */
export interface NormalisedPhotoInfo {
  readonly format: 'jpeg' | 'png';
  readonly width: number;
  readonly height: number;
  readonly byteLength: number;
  /** JPEG quality used; absent for PNG and for a JPEG kept byte for byte (it fitted and had no metadata). */
  readonly quality?: number;
}

/** The checker's answer for one file. `ok` exactly when `problems` is empty. */
export interface PhotoVerdict {
  readonly ok: boolean;
  readonly problems: readonly PhotoProblem[];
  readonly measurements: PhotoMeasurements;
  readonly output?: NormalisedPhotoInfo;
}
