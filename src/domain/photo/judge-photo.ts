import type { PhotoProblem } from './photo-problem.js';
import type { PhotoRules } from './photo-rules.js';

/**
 * The decisions of the photo checker, each a pure function of measurements and rules. The image adapter
 * measures; these decide. Called in this order, stopping at the first that refuses, except judgeContent
 * which reports every content problem it can judge.
 */

/** `unsupported_format` unless the sniffed container format is one the rules accept. */
export function judgeFormat(format: string, rules: PhotoRules): PhotoProblem | undefined {
  if ((rules.formats as readonly string[]).includes(format)) return undefined;
  return { code: 'unsupported_format', detail: `${format} file; accepted: ${rules.formats.join(', ')}` };
}

/** `too_many_pixels` from the header's dimensions, before any decoding: a decompression bomb stops here. */
export function judgePixelCount(width: number, height: number, rules: PhotoRules): PhotoProblem | undefined {
  const pixels = width * height;
  if (pixels <= rules.maxInputPixels) return undefined;
  return {
    code: 'too_many_pixels',
    detail: `${width}×${height} = ${pixels} pixels > ${rules.maxInputPixels}`,
  };
}

/** `too_small` when the upright picture is below the legible size on either side. */
export function judgeDimensions(width: number, height: number, rules: PhotoRules): PhotoProblem | undefined {
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  if (long >= rules.minLongSidePx && short >= rules.minShortSidePx) return undefined;
  return {
    code: 'too_small',
    detail: `${width}×${height}; needs at least ${rules.minLongSidePx} px long side and ${rules.minShortSidePx} px short side`,
  };
}

/** Measurements of the downscaled greyscale copy (see images/measure-*.ts). */
export interface PhotoContentMeasurements {
  readonly paperLevel: number;
  /** The paper right around the print (null: too little print to say); see images/measure-paper.ts. */
  readonly documentPaperLevel: number | null;
  readonly inkLevel: number;
  /** Side of the largest blank blown-out square inside the printed area. */
  readonly glareSidePx: number;
  /** `null` when the picture has no edges at all: nothing on it can be read. */
  readonly edgeWidthPx: number | null;
  readonly textOrientationRatio: number;
  readonly inkFraction: number;
}

/**
 * Exposure, focus and orientation. A photo too dark to see is reported as that alone: the other measures need
 * light. The paper is judged where the print is as well as over the frame, so a lamp standing in a dark room
 * does not make the page look lit. A blurred photo is never also called too bright: blur smears thin strokes
 * into the paper, so light "ink" is what blur looks like, and retaking in focus is the advice that helps.
 * Glare is told apart from a washed-out photo: there the print is faint everywhere, here it is gone in one
 * patch and crisp around it.
 */
export function judgeContent(m: PhotoContentMeasurements, rules: PhotoRules): PhotoProblem[] {
  if (m.paperLevel < rules.minPaperLevel)
    return [{ code: 'too_dark', detail: `paper level ${m.paperLevel} < ${rules.minPaperLevel}` }];
  if (m.documentPaperLevel !== null && m.documentPaperLevel < rules.minPaperLevel)
    return [
      {
        code: 'too_dark',
        detail: `paper around the print at level ${m.documentPaperLevel} < ${rules.minPaperLevel} (frame ${m.paperLevel})`,
      },
    ];
  const problems: PhotoProblem[] = [];
  if (m.edgeWidthPx === null || m.edgeWidthPx > rules.maxEdgeWidthPx)
    problems.push({
      code: 'blurry',
      detail:
        m.edgeWidthPx === null
          ? 'no edges at all'
          : `edges ${m.edgeWidthPx} px wide > ${rules.maxEdgeWidthPx} px`,
    });
  else if (m.inkLevel > rules.maxInkLevel)
    problems.push({ code: 'too_bright', detail: `ink level ${m.inkLevel} > ${rules.maxInkLevel}` });
  if (m.glareSidePx >= rules.minGlareSidePx)
    problems.push({
      code: 'glare',
      detail: `blown-out patch over the print, ${m.glareSidePx} px wide ≥ ${rules.minGlareSidePx} px`,
    });
  if (m.inkFraction >= rules.minInkFraction && m.textOrientationRatio >= rules.sidewaysMinRatio)
    problems.push({
      code: 'sideways',
      detail: `text runs vertically: ratio ${m.textOrientationRatio.toFixed(2)} ≥ ${rules.sidewaysMinRatio}`,
    });
  return problems;
}
