import { readFileSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.js';
import { runCli } from '../../src/cli/main.js';
import { FLOWS_DIR } from '../../src/flows/flow-file.js';
import { documentImage, screenshotPng } from '../helpers/photo-fixtures.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nmle-check-photo-'));
  const page = await documentImage('notice-cjk');
  await writeFile(join(dir, 'page.jpg'), await page.clone().jpeg().toBuffer());
  await writeFile(join(dir, 'blurred.jpg'), await page.clone().blur(5).jpeg().toBuffer());
  await writeFile(join(dir, 'screen.png'), await screenshotPng());
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function nmle(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd: dir,
    env: {},
  };
  const status = await runCli(['check-photo', ...args], io);
  const lines = () =>
    stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
  return { status, stdout, stderr, lines };
}

describe('nmle check-photo', () => {
  it('prints one JSON line per accepted file, in input order, writes the files and exits 0', async () => {
    const run = await nmle(
      'screen.png',
      'page.jpg',
      '--json',
      '--material',
      'identity',
      '--out-dir',
      'out-ok',
    );
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.lines().map((l) => l.file)).toEqual(['screen.png', 'page.jpg']);
    expect(run.lines()[0]).toMatchObject({
      file: 'screen.png',
      material: 'identity',
      ok: true,
      problems: [],
      output: { path: join('out-ok', 'screen.png'), format: 'png', width: 1080, height: 2340 },
    });
    for (const line of run.lines()) {
      expect(line.output.bytes).toBeLessThanOrEqual(200_000);
      expect((await stat(join(dir, line.output.path))).size).toBe(line.output.bytes);
    }
    expect(run.lines()[1].output.path).toBe(join('out-ok', 'page.jpg'));
  }, 60_000);

  it('exits 1 when a file is rejected, with the code and a Chinese message and no output', async () => {
    const run = await nmle('page.jpg', 'blurred.jpg', '--json');
    expect(run.status).toBe(1);
    expect(run.lines()[0]).toMatchObject({ ok: true, output: { path: null, format: 'jpeg' } });
    expect(run.lines()[1]).toEqual({
      file: 'blurred.jpg',
      ok: false,
      problems: [{ code: 'blurry', message: '照片模糊，请在光线充足处对焦后重拍。' }],
    });
  }, 60_000);

  it('takes its thresholds and messages from the flow file', async () => {
    const flow = readFileSync(join(FLOWS_DIR, '2020-weihai.yaml'), 'utf8').replace(
      'zh: 照片模糊，请在光线充足处对焦后重拍。',
      'zh: 请重新对焦拍摄。',
    );
    await writeFile(join(dir, 'next-year.yaml'), flow);
    const run = await nmle('blurred.jpg', '--json', '--flow', 'next-year.yaml');
    expect(run.lines()[0].problems).toEqual([{ code: 'blurry', message: '请重新对焦拍摄。' }]);
  }, 60_000);

  it('prints a short line per file without --json', async () => {
    const run = await nmle('blurred.jpg');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('blurred.jpg: rejected: blurry — 照片模糊，请在光线充足处对焦后重拍。\n');
  });

  it('exits 2 with one line naming a file that cannot be read, before checking any', async () => {
    const run = await nmle('page.jpg', 'missing.jpg', '--json');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('nmle check-photo: missing.jpg: no such file\n');
  });

  it.each([
    [[] as string[], 'expected at least one photo file'],
    [['page.jpg', '--colour'], "Unknown option '--colour'"],
    [['page.jpg', '--material'], '--material'],
  ])('exits 2 on the usage error in %j', async (args, message) => {
    const run = await nmle(...args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.stderr).toContain(message);
  });

  it('refuses two inputs that would write the same output file', async () => {
    const run = await nmle('page.jpg', join('.', 'page.jpg'), '--out-dir', 'out-twins');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('would both be written');
  });

  it('refuses an unknown --material id with one line naming the ids of the material catalogue', async () => {
    const run = await nmle('--material', 'diplom', 'page.jpg', '--json');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.stderr).toContain('"diplom"');
    expect(run.stderr).toContain('identity, temporary_identity, diploma, graduation_certificate');
    expect(run.stderr).toContain('mentorship_certificate');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses an --out-dir that is an existing file, before checking any photo', async () => {
    await writeFile(join(dir, 'not-a-dir'), 'x');
    const run = await nmle('page.jpg', '--json', '--out-dir', 'not-a-dir');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('nmle check-photo: --out-dir: not-a-dir is a file, expected a directory\n');
  });

  it('refuses an --out-dir that cannot be created because a parent is a file', async () => {
    await writeFile(join(dir, 'plain-file'), 'x');
    const run = await nmle('page.jpg', '--json', '--out-dir', join('plain-file', 'out'));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `nmle check-photo: --out-dir: cannot create ${join('plain-file', 'out')}: plain-file is a file, expected a directory\n`,
    );
  });

  it('prints its usage for --help', async () => {
    const run = await nmle('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: nmle check-photo <file>...');
  });
});
