import { describe, expect, it } from 'vitest';
import { PHOTO_PROBLEM_CODES } from '../../../src/domain/photo/photo-problem.js';
import { PHOTO_PROBLEM_MESSAGES } from '../../../src/domain/photo/photo-problem-messages.js';
import { DEFAULT_PHOTO_RULES, PhotoRulesSchema } from '../../../src/domain/photo/photo-rules.js';

describe('PhotoRulesSchema', () => {
  it('fills every threshold with the notice’s defaults from an empty section', () => {
    const rules = PhotoRulesSchema.parse({});
    expect(rules).toEqual(DEFAULT_PHOTO_RULES);
    expect(rules.formats).toEqual(['jpeg', 'png']);
    expect(rules.maxBytes).toBe(200_000);
    expect(rules.outputMinLongSidePx).toBe(1200);
  });

  it('accepts the flow file’s upload section as written, ignoring its rules text', () => {
    const rules = PhotoRulesSchema.parse({
      formats: ['jpeg', 'png'],
      maxBytes: 200000,
      rules: { zh: '材料照片须真实', en: 'Photos must be genuine' },
      maxEdgeWidthPx: 2.5,
    });
    expect(rules.maxEdgeWidthPx).toBe(2.5);
    expect(rules).not.toHaveProperty('rules');
  });

  it('refuses a format the checker cannot accept', () => {
    expect(PhotoRulesSchema.safeParse({ formats: ['gif'] }).success).toBe(false);
  });

  it('refuses JPEG quality bounds out of order', () => {
    const result = PhotoRulesSchema.safeParse({ jpegQualityMin: 70, jpegQualityFloor: 60 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['jpegQualityFloor']);
  });

  it('requires a message for every problem code once messages are given', () => {
    const { sideways: _left, ...incomplete } = PHOTO_PROBLEM_MESSAGES;
    expect(PhotoRulesSchema.safeParse({ messages: incomplete }).success).toBe(false);
  });

  it('does not share its default arrays between parses', () => {
    const a = PhotoRulesSchema.parse({});
    a.formats.push('png');
    expect(PhotoRulesSchema.parse({}).formats).toEqual(['jpeg', 'png']);
  });
});

describe('PHOTO_PROBLEM_MESSAGES', () => {
  it.each(PHOTO_PROBLEM_CODES)('tells the applicant in Chinese and English what to do about %s', (code) => {
    const message = PHOTO_PROBLEM_MESSAGES[code];
    expect(message.zh).toMatch(/[\u4e00-\u9fff].*。$/u);
    expect(message.en).toMatch(/^[A-Z].*\.$/);
  });
});
