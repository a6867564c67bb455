import { describe, expect, it } from 'vitest';
import { PhotoRulesSchema } from '../../src/domain/photo/photo-rules.js';
import { createPhotoChecker } from '../../src/images/photo-checker.js';
import { clearJpeg, pngBombHeader } from '../helpers/photo-fixtures.js';

describe('createPhotoChecker', () => {
  it('fetches a queued photo only when its turn comes', async () => {
    const checker = createPhotoChecker({ concurrency: 1 });
    const fetched: string[] = [];
    const source = (name: string) => async () => {
      fetched.push(name);
      return pngBombHeader();
    };
    const first = checker.check(source('first'));
    const second = checker.check(source('second'));
    await Promise.resolve();
    expect(fetched).toEqual(['first']);
    expect(checker.queued).toBe(1);
    await Promise.all([first, second]);
    expect(fetched).toEqual(['first', 'second']);
  });

  it('applies the rules it was built with', async () => {
    const jpegOnly = createPhotoChecker({ rules: PhotoRulesSchema.parse({ formats: ['jpeg'] }) });
    const verdict = await jpegOnly.check(pngBombHeader());
    expect(verdict.problems.map((p) => p.code)).toEqual(['unsupported_format']);
  });

  it('hashes through the same queue', async () => {
    const checker = createPhotoChecker();
    expect(await checker.hash(await clearJpeg('id-card'))).toMatch(/^[0-9a-f]{256}$/);
  });
});
