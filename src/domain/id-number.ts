/**
 * The mainland resident identity number of GB 11643-1999: 17 digits (6 of region, 8 of birth date YYYYMMDD,
 * 3 of sequence) and a check character computed by ISO 7064 MOD 11-2.
 */

/** ISO 7064 MOD 11-2 weights of the first 17 digits, 2^(18-i) mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** The check character for each value of the weighted sum mod 11. */
const CHECK_CHARS = '10X98765432';

export type IdNumberCheck =
  | { readonly ok: true; readonly idNumber: string; readonly birth: string }
  | {
      readonly ok: false;
      readonly reason: 'format' | 'birth_date' | 'check_digit';
      readonly message: string;
    };

/** The check character (`0`–`9` or `X`) the first 17 digits call for. */
export function toIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

/**
 * Checks an 18-character ID number: its form, a plausible birth date in characters 7–14 (a real calendar
 * date from 1900 on, not after `today`), and its check character. A lower-case `x` is accepted and returned
 * upper-case. Outcomes are values: the reason says which rule failed.
 */
export function checkIdNumber(input: string, today: Date = new Date()): IdNumberCheck {
  const idNumber = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(idNumber))
    return { ok: false, reason: 'format', message: 'expected 18 characters: 17 digits and a digit or X' };
  const year = Number(idNumber.slice(6, 10));
  const month = Number(idNumber.slice(10, 12));
  const day = Number(idNumber.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!real || year < 1900 || date.getTime() > today.getTime())
    return {
      ok: false,
      reason: 'birth_date',
      message: `characters 7–14 (${idNumber.slice(6, 14)}) are not a plausible birth date`,
    };
  const expected = toIdCheckChar(idNumber.slice(0, 17));
  if (idNumber[17] !== expected)
    return {
      ok: false,
      reason: 'check_digit',
      message: `check digit is ${idNumber[17]}, expected ${expected} (GB 11643-1999); a digit is mistyped`,
    };
  return {
    ok: true,
    idNumber,
    birth: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
  };
}
