import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isQuietMinute } from '../../src/domain/reminder-config.js';
import { resolveFlowPath } from '../../src/flows/flow-file.js';
import { checkFlowSource } from '../../src/flows/load-flow.js';

const source = readFileSync(resolveFlowPath(undefined, process.cwd()), 'utf8');
const problemsOf = (find: string, replace: string) => {
  expect(source).toContain(find);
  return checkFlowSource(source.replace(find, replace)).problems.map((p) => `${p.path}: ${p.message}`);
};

describe('the flow’s reminders section', () => {
  it('refuses a reminder time inside the quiet hours, naming the place', () => {
    expect(problemsOf('  daily:\n    at: "10:00"', '  daily:\n    at: "23:00"')).toEqual([
      'reminders.daily.at: 23:00 lies in the quiet hours (22:00–08:00); expected a daytime hour',
    ]);
  });

  it('refuses a time that is not HH:MM', () => {
    expect(problemsOf('at: "10:00"', 'at: "10am"')).toEqual([
      'reminders.daily.at: expected a local time as HH:MM (24-hour), such as 09:00',
    ]);
  });

  it('refuses a placeholder the reminders do not fill', () => {
    expect(problemsOf('还剩 {days} 天。"', '还剩 {daysLeft} 天。"')).toEqual([
      'reminders.daily.text.zh: placeholder {daysLeft} is not filled in reminders; expected one of {start}, {end}, {days}, {hours}',
    ]);
  });
});

describe('quiet hours', () => {
  it.each([
    [{ start: '22:00', end: '08:00' }, 21 * 60 + 59, false],
    [{ start: '22:00', end: '08:00' }, 22 * 60, true],
    [{ start: '22:00', end: '08:00' }, 0, true],
    [{ start: '22:00', end: '08:00' }, 8 * 60, false],
    [{ start: '12:00', end: '14:00' }, 13 * 60, true],
    [{ start: '12:00', end: '14:00' }, 14 * 60, false],
  ])('%o at minute %i is quiet: %s', (quiet, minute, expected) => {
    expect(isQuietMinute(quiet, minute)).toBe(expected);
  });
});
