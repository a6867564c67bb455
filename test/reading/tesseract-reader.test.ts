import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PHOTO_RULES } from '../../src/domain/photo/photo-rules.js';
import { checkPhoto } from '../../src/images/check-photo.js';
import { createTesseractReader } from '../../src/reading/tesseract-reader.js';
import { photographDocument } from './fixtures/labelled-reading-set.js';
import { DOCUMENT_KINDS, holderOf } from './fixtures/material-documents.js';
import { describeWithTesseract } from './tesseract.js';

const PICTURE = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
const HEADER =
  'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext';
const word = (line: number, n: number, conf: number, text: string) =>
  `5\t1\t1\t1\t${line}\t${n}\t0\t0\t10\t10\t${conf}\t${text}`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nmle-reader-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A stand-in for tesseract: lists chi_sim, then answers each `--psm` with the TSV given for it. */
async function fakeTesseract(name: string, byPsm: Record<string, string>, extra = ''): Promise<string> {
  const path = join(dir, name);
  const cases: string[] = [];
  for (const [psm, tsv] of Object.entries(byPsm)) {
    const output = join(dir, `${name}.psm${psm}.tsv`);
    await writeFile(output, `${tsv}\n`);
    cases.push(`  *"--psm ${psm}"*) cat >/dev/null; cat '${output}' ;;`);
  }
  await writeFile(
    path,
    `#!/bin/sh\nif [ "$1" = --list-langs ]; then echo 'List of available languages (2):'; echo chi_sim; echo eng; exit 0; fi\n${extra}\ncase "$*" in\n${cases.join('\n')}\nesac\n`,
  );
  await chmod(path, 0o755);
  return path;
}

describe('the tesseract reader, around the child process', () => {
  it('reports no reader when the program is not installed, and reads nothing', async () => {
    const reader = createTesseractReader({ command: join(dir, 'not-installed') });
    expect(await reader.isAvailable()).toBe(false);
    expect(await reader.read(PICTURE)).toBeUndefined();
  });

  it('reports no reader when the Chinese model is missing', async () => {
    const command = await fakeTesseract('tesseract-eng', {});
    const reader = createTesseractReader({ command, languages: 'chi_tra' });
    expect(await reader.isAvailable()).toBe(false);
  });

  it('keeps the one-column read of an upright page, line by line', async () => {
    const command = await fakeTesseract('tesseract-upright', {
      '4': [HEADER, word(1, 1, 91, '医师执业证书'), word(2, 1, 93, '执业地点:'), word(2, 2, 90, '威海')].join(
        '\n',
      ),
      '1': [HEADER, word(1, 1, 20, 'wrong')].join('\n'),
    });
    const read = await createTesseractReader({ command }).read(PICTURE);
    expect(read?.text).toBe('医师执业证书\n执业地点: 威海');
    expect(read?.confidence).toBeCloseTo(91.33, 1);
  });

  it('reads again with orientation detection when the one-column read is poor (a page upside down)', async () => {
    const command = await fakeTesseract('tesseract-upside-down', {
      '4': [HEADER, word(1, 1, 30, '半中至'), word(1, 2, 40, '狂量')].join('\n'),
      '1': [HEADER, word(1, 1, 92, '居民身份证')].join('\n'),
    });
    expect(await createTesseractReader({ command }).read(PICTURE)).toEqual({
      text: '居民身份证',
      confidence: 92,
    });
  });

  it('does not feed it a picture above its size bound', async () => {
    const command = await fakeTesseract('tesseract-any', { '4': [HEADER, word(1, 1, 90, '字')].join('\n') });
    const reader = createTesseractReader({ command, maxInputBytes: 3 });
    expect(await reader.read(PICTURE)).toBeUndefined();
  });

  it('kills a child that runs past the timeout and counts the picture as not read', async () => {
    const pidFile = join(dir, 'stuck.pid');
    const command = await fakeTesseract(
      'tesseract-stuck',
      {},
      `echo $$ > ${pidFile}; cat >/dev/null; exec sleep 30`,
    );
    const read = await createTesseractReader({ command, timeoutMs: 1000 }).read(PICTURE);
    expect(read).toBeUndefined();
    // Resolved only once the child has exited. On a busy machine the kill can come before the script wrote
    // its pid: then there is nothing to check.
    const pid = Number(await readFile(pidFile, 'utf8').catch(() => ''));
    if (pid > 0) expect(() => process.kill(pid, 0)).toThrow();
  });
});

describeWithTesseract('the tesseract reader on a real picture', () => {
  it('reads an ID card photographed upside down', async () => {
    const kind = DOCUMENT_KINDS.find((k) => k.name === 'id-back');
    if (!kind) throw new Error('no id-back drawing');
    const photo = await photographDocument(kind, holderOf(5, true), 5, 'telegram', { angle: 180.8 });
    const verdict = await checkPhoto(photo, DEFAULT_PHOTO_RULES);
    expect(verdict.ok).toBe(true);
    const read = await createTesseractReader().read(verdict.output?.bytes ?? PICTURE);
    expect(read?.text.replace(/\s/g, '')).toContain('居民身份证');
  }, 60_000);
});
