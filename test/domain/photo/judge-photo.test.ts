import { describe, expect, it } from 'vitest';
import {
  judgeContent,
  judgeDimensions,
  judgeFormat,
  judgePixelCount,
  type PhotoContentMeasurements,
} from '../../../src/domain/photo/judge-photo.js';
import { DEFAULT_PHOTO_RULES, PhotoRulesSchema } from '../../../src/domain/photo/photo-rules.js';

const rules = DEFAULT_PHOTO_RULES;
const codes = (problems: readonly { code: string }[]) => problems.map((p) => p.code);

describe('judgeFormat', () => {
  it.each(['jpeg', 'png'])('accepts %s', (format) => {
    expect(judgeFormat(format, rules)).toBeUndefined();
  });

  it.each(['webp', 'gif', 'heif', 'bmp', 'pdf', 'unknown'])('refuses %s as unsupported_format', (format) => {
    expect(judgeFormat(format, rules)?.code).toBe('unsupported_format');
  });

  it('refuses PNG when the flow allows JPEG only', () => {
    expect(judgeFormat('png', PhotoRulesSchema.parse({ formats: ['jpeg'] }))?.code).toBe(
      'unsupported_format',
    );
  });
});

describe('judgePixelCount', () => {
  it('accepts a 50-megapixel phone photo', () => {
    expect(judgePixelCount(8160, 6120, rules)).toBeUndefined();
  });

  it('refuses a 30000×30000 header as too_many_pixels', () => {
    expect(judgePixelCount(30000, 30000, rules)?.code).toBe('too_many_pixels');
  });
});

describe('judgeDimensions', () => {
  it.each([
    [1280, 960],
    [960, 1280],
    [1000, 600],
    [1080, 2340],
  ])('accepts %i×%i', (width, height) => {
    expect(judgeDimensions(width, height, rules)).toBeUndefined();
  });

  it.each([
    [480, 679],
    [999, 700],
    [2000, 500],
  ])('refuses %i×%i as too_small', (width, height) => {
    expect(judgeDimensions(width, height, rules)?.code).toBe('too_small');
  });
});

describe('judgeContent', () => {
  const good: PhotoContentMeasurements = {
    paperLevel: 230,
    documentPaperLevel: 228,
    inkLevel: 50,
    glareSidePx: 0,
    edgeWidthPx: 1.5,
    textOrientationRatio: 0.4,
    inkFraction: 0.05,
  };

  it('finds nothing wrong with a well-lit, focused, upright page', () => {
    expect(judgeContent(good, rules)).toEqual([]);
  });

  it('reports a dark photo as too_dark alone, since focus and layout need light to judge', () => {
    expect(
      codes(judgeContent({ ...good, paperLevel: 50, edgeWidthPx: 9, textOrientationRatio: 3 }, rules)),
    ).toEqual(['too_dark']);
  });

  it('reports a page in a dark room as too_dark even when a lamp in the frame is bright', () => {
    expect(
      codes(judgeContent({ ...good, paperLevel: 255, documentPaperLevel: 45, edgeWidthPx: 7 }, rules)),
    ).toEqual(['too_dark']);
  });

  it('judges the frame alone when too little print was found to judge the paper by', () => {
    expect(judgeContent({ ...good, documentPaperLevel: null }, rules)).toEqual([]);
  });

  it('reports a blown-out patch over the print as glare', () => {
    expect(codes(judgeContent({ ...good, glareSidePx: 120 }, rules))).toEqual(['glare']);
  });

  it('does not call a blown-out patch smaller than the threshold glare', () => {
    expect(judgeContent({ ...good, glareSidePx: rules.minGlareSidePx - 8 }, rules)).toEqual([]);
  });

  it('reports wide edges as blurry', () => {
    expect(codes(judgeContent({ ...good, edgeWidthPx: 5 }, rules))).toEqual(['blurry']);
  });

  it('reports a picture without a single edge as blurry', () => {
    expect(codes(judgeContent({ ...good, edgeWidthPx: null }, rules))).toEqual(['blurry']);
  });

  it('calls washed-out ink too_bright when the photo is in focus', () => {
    expect(codes(judgeContent({ ...good, inkLevel: 200 }, rules))).toEqual(['too_bright']);
  });

  it('does not call a blurred photo too_bright, because blur is what lightens its ink', () => {
    expect(codes(judgeContent({ ...good, inkLevel: 190, edgeWidthPx: 5 }, rules))).toEqual(['blurry']);
  });

  it('reports text running down the picture as sideways', () => {
    expect(codes(judgeContent({ ...good, textOrientationRatio: 2.5 }, rules))).toEqual(['sideways']);
  });

  it('does not judge orientation where there is too little ink to hold text', () => {
    expect(judgeContent({ ...good, textOrientationRatio: 2.5, inkFraction: 0.001 }, rules)).toEqual([]);
  });

  it('reports every content problem it can judge at once', () => {
    expect(codes(judgeContent({ ...good, edgeWidthPx: 6, textOrientationRatio: 2 }, rules))).toEqual([
      'blurry',
      'sideways',
    ]);
  });

  it('follows the thresholds it is given', () => {
    const lenient = PhotoRulesSchema.parse({ maxEdgeWidthPx: 6 });
    expect(judgeContent({ ...good, edgeWidthPx: 5 }, lenient)).toEqual([]);
  });
});
