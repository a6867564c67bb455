import { describe, expect, it } from 'vitest';
import { DEFAULT_PHOTO_RULES } from '../../src/domain/photo/photo-rules.js';
import { checkPhoto } from '../../src/images/check-photo.js';
import { labelledPhotoSet, type PhotoFixture } from '../helpers/photo-fixtures.js';

const rules = DEFAULT_PHOTO_RULES;
const SLOW = 120_000;
const both = (prefix: string): PhotoFixture[] =>
  [0, 1].flatMap((draw) =>
    labelledPhotoSet(draw)
      .filter((f) => f.name.startsWith(prefix))
      .map((f) => ({ ...f, name: `${f.name} (draw ${draw})` })),
  );
const codesOf = async (fixture: PhotoFixture) =>
  (await checkPhoto(await fixture.build(), rules, { normalise: false })).problems.map((p) => p.code);

describe('glare: a blown-out reflection over the print', () => {
  it.each(both('glare/').map((f) => [f.name, f] as const))(
    'refuses %s as glare, and only glare',
    async (_name, fixture) => {
      expect(await codesOf(fixture)).toEqual(['glare']);
    },
    SLOW,
  );

  it('tells the applicant to tilt the document or turn the flash off', () => {
    expect(rules.messages.glare.zh).toMatch(/倾斜.*闪光灯/);
    expect(rules.messages.glare.en).toMatch(/tilt.*flash/);
  });
});

describe('glare look-alikes', () => {
  it.each(both('look-alike/').map((f) => [f.name, f] as const))(
    'accepts %s',
    async (_name, fixture) => {
      expect(await codesOf(fixture)).toEqual([]);
    },
    SLOW,
  );
});

describe('a dark room with a lamp in the frame', () => {
  it.each(both('dark/').map((f) => [f.name, f] as const))(
    'refuses %s as too_dark: the lamp lifts the frame, not the paper',
    async (_name, fixture) => {
      const verdict = await checkPhoto(await fixture.build(), rules, { normalise: false });
      expect(verdict.problems.map((p) => p.code)).toEqual(['too_dark']);
      expect(verdict.measurements.paperLevel).toBeGreaterThanOrEqual(rules.minPaperLevel);
    },
    SLOW,
  );
});
