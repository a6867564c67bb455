import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILL } from '../forms/fill-fixture.js';
import { describeWithPoppler, PDFTOTEXT } from '../forms/poppler.js';
import { nmle, nmleProcess, tempFiles } from '../helpers/cli.js';

describe('nmle form', () => {
  it('prints its usage with --help, naming the three forms and the fill fields', async () => {
    const run = await nmle(['form', '--help']);
    expect(run.status).toBe(0);
    for (const words of [
      'attachment2',
      'attachment3',
      'attachment4',
      '--out',
      '--fill',
      'idNumber',
      'graduationDate',
    ])
      expect(run.stdout).toContain(words);
  });

  it('refuses an ID number whose check digit is wrong: exit 2, one line naming the field', () => {
    const dir = tempFiles({ 'fill.json': JSON.stringify({ name: '李雷', idNumber: '110105194912310021' }) });
    const run = nmleProcess([
      'form',
      'attachment2',
      '--out',
      join(dir, 'a2.pdf'),
      '--fill',
      join(dir, 'fill.json'),
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/fill\.json: idNumber: check digit is 1, expected X/);
    expect(existsSync(join(dir, 'a2.pdf'))).toBe(false);
  });

  it.each([
    [{ birth: '1995-13' }, 'birth: expected a year and month as YYYY-MM'],
    [{ graduationDate: '2020-02-30' }, 'graduationDate: expected a date as YYYY-MM-DD'],
    [{ nickname: '小李' }, 'nickname: unknown field'],
    [{ name: '王\u{F0000}' }, 'name: no font here has the character'],
  ])('refuses the malformed field of %j with one line naming it', async (fill, message) => {
    const dir = tempFiles({ 'fill.json': JSON.stringify(fill) });
    const run = await nmle([
      'form',
      'attachment4',
      '--out',
      join(dir, 'a4.pdf'),
      '--fill',
      join(dir, 'fill.json'),
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it.each([
    [['form', '--out', 'x.pdf'], 'which form? expected one of: attachment2, attachment3, attachment4'],
    [['form', 'attachment5', '--out', 'x.pdf'], 'unknown form "attachment5"'],
    [['form', 'attachment2'], '--out is required'],
  ])('%j is a usage error (exit 2, one line)', async (args, message) => {
    const run = await nmle(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describeWithPoppler('nmle form, through the real executable', () => {
  it('writes a filled 附件2 whose text pdftotext reads back', () => {
    const dir = tempFiles({ 'fill.json': JSON.stringify(FILL) });
    const out = join(dir, 'a2.pdf');
    const run = nmleProcess(['form', 'attachment2', '--out', out, '--fill', join(dir, 'fill.json')]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('附件2《医师资格考试试用期考核证明》');
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync(PDFTOTEXT, ['-raw', out, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('医师资格考试试用期考核证明');
    expect(text).toContain('张堃喆');
    expect(text).toContain('11010519491231002X');
  });
});
