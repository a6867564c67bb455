import { describe, expect, it } from 'vitest';
import { APPLICANT_VERSION } from '../../src/domain/applicant.js';
import { APPLICANT_MIGRATIONS } from '../../src/storage/applicant-migrations.js';

describe('the applicant migrations', () => {
  it('lead from every earlier version to the one this release writes', () => {
    expect(APPLICANT_MIGRATIONS.current).toBe(APPLICANT_VERSION);
    const earlier = Array.from({ length: APPLICANT_VERSION - 1 }, (_, i) => i + 1);
    expect(earlier.filter((version) => !APPLICANT_MIGRATIONS.steps[version])).toEqual([]);
  });
});
