import { describe, expect, it } from 'vitest';
import { checkIdNumber, toIdCheckChar } from '../../src/domain/id-number.js';

const TODAY = new Date('2026-12-03T00:00:00Z');

describe('toIdCheckChar (ISO 7064 MOD 11-2)', () => {
  it.each([
    // The two examples of GB 11643-1999; then one number for each check character (computed apart, with the
    // weights as 2^(17-i) mod 11).
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
    ['37100219950712043', '0'],
    ['37100219950712013', '1'],
    ['37100219950712093', '2'],
    ['37100219950712063', '3'],
    ['37100219950712003', '5'],
    ['37100219950712083', '6'],
    ['37100219950712053', '7'],
    ['37100219950712023', '8'],
    ['37100219950712183', '9'],
    ['37100219950712073', 'X'],
  ])('gives %s the check character %s', (first17, expected) => {
    expect(toIdCheckChar(first17)).toBe(expected);
  });
});

describe('checkIdNumber', () => {
  it.each([
    ['11010519491231002X', '1949-12-31'],
    ['11010519491231002x', '1949-12-31'],
    ['371002199507120430', '1995-07-12'],
  ])('accepts %s, born %s', (input, birth) => {
    expect(checkIdNumber(input, TODAY)).toEqual({ ok: true, idNumber: input.toUpperCase(), birth });
  });

  it.each([
    ['110105194912310021', 'check_digit'],
    ['11010519491231002Y', 'format'],
    ['1101051949123100', 'format'],
    ['11010519491331002X', 'birth_date'],
    ['110105199002300012', 'birth_date'],
    ['110105203001010010', 'birth_date'],
    // The standard's 1880 example is well formed but no candidate's birth date.
    ['440524188001010014', 'birth_date'],
    ['', 'format'],
  ] as const)('refuses %s (%s)', (input, reason) => {
    expect(checkIdNumber(input, TODAY)).toMatchObject({ ok: false, reason });
  });

  it('names the expected check digit, so the fix is clear', () => {
    const result = checkIdNumber('110105194912310021', TODAY);
    expect(result.ok === false && result.message).toContain('expected X');
  });
});
