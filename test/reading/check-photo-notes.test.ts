import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DocumentReader } from '../../src/app/ports/document-reader.js';
import { createCheckPhotoCommand } from '../../src/cli/check-photo-command.js';
import type { CliIo } from '../../src/cli/command.js';
import { toIdCheckChar } from '../../src/domain/id-number.js';
import { createTesseractReader } from '../../src/reading/tesseract-reader.js';
import { labelledPhotoSet } from '../helpers/photo-fixtures.js';
import { photographDocument } from './fixtures/labelled-reading-set.js';
import { DOCUMENT_KINDS, holderOf } from './fixtures/material-documents.js';
import { describeWithTesseract } from './tesseract.js';

/** What `nmle check-photo` sees where tesseract is not installed. */
const NO_READER: DocumentReader = { read: async () => undefined, isAvailable: async () => false };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nmle-check-photo-notes-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function checkPhotos(reader: DocumentReader, args: string[]) {
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
  const status = await createCheckPhotoCommand({ createReader: () => reader }).run(args, io);
  const lines = stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
  return { status, stderr, lines };
}

async function writeDocument(name: string, file: string, valid: boolean): Promise<void> {
  const kind = DOCUMENT_KINDS.find((k) => k.name === name);
  if (!kind) throw new Error(`no drawing ${name}`);
  await writeFile(join(dir, file), await photographDocument(kind, holderOf(3, valid), 3, 'telegram'));
}

it('gives "notes": [] on every line when no reader is installed', async () => {
  await writeDocument('diploma', 'no-reader-diploma.jpg', true);
  const run = await checkPhotos(NO_READER, ['no-reader-diploma.jpg', '--json', '--material', 'identity']);
  expect(run.status).toBe(0);
  expect(run.lines[0]).toMatchObject({ ok: true, problems: [], notes: [] });
}, 60_000);

describeWithTesseract('nmle check-photo --material with the reader', () => {
  it('notes a diploma under 身份证 and an ID card whose number cannot be right; nothing on the right ones', async () => {
    await writeDocument('diploma', 'diploma.jpg', true);
    await writeDocument('id-front', 'id-mistyped.jpg', false);
    await writeDocument('id-front', 'id-valid.jpg', true);
    const reader = createTesseractReader();
    const asIdentity = await checkPhotos(reader, [
      'diploma.jpg',
      'id-mistyped.jpg',
      'id-valid.jpg',
      '--json',
      '--material',
      'identity',
    ]);
    expect(asIdentity.status).toBe(0);
    const [diploma, mistyped, valid] = asIdentity.lines;
    expect(diploma.notes).toEqual([
      {
        code: 'unexpected_document',
        looksLike: 'diploma',
        message: expect.stringContaining('这张看起来是毕业证'),
      },
    ]);
    expect(mistyped.notes).toEqual([
      { code: 'id_number_invalid', message: expect.stringContaining('校验位') },
    ]);
    expect(valid.notes).toEqual([]);
    const asDiploma = await checkPhotos(reader, ['diploma.jpg', '--json', '--material', 'diploma']);
    expect(asDiploma.lines[0].notes).toEqual([]);
  }, 120_000);

  it('gives the same verdicts with tesseract reading as without a reader, on a sample of the calibration set', async () => {
    // Every tenth picture: tesseract spends 7–25 s on a page of the set's glyph-like marks (it has no words
    // to find), so the whole set is run with the scripted reader below; the timeout bounds the rest.
    const sample = calibrationFiles.filter((_, i) => i % 10 === 0);
    const args = [...sample, '--json', '--material', 'identity'];
    const off = await checkPhotos(NO_READER, args);
    const on = await checkPhotos(
      createTesseractReader({ concurrency: 2, maxQueued: sample.length, timeoutMs: 4000 }),
      args,
    );
    expect(on.status).toBe(off.status);
    expect(verdicts(on.lines)).toEqual(verdicts(off.lines));
  }, 180_000);
});

let calibrationFiles: string[] = [];
const verdicts = (lines: { ok: boolean; problems: unknown }[]) =>
  lines.map((l) => ({ ok: l.ok, problems: l.problems }));

beforeAll(async () => {
  const fixtures = labelledPhotoSet(0);
  calibrationFiles = fixtures.map((f, i) => `calibration-${i}${f.name.slice(f.name.lastIndexOf('.'))}`);
  for (const [i, fixture] of fixtures.entries())
    await writeFile(join(dir, calibrationFiles[i] as string), await fixture.build());
}, 180_000);

it('gives the same verdicts, whatever the reader says, across the whole calibration set', async () => {
  // A reader that reads every picture as a diploma with a mistyped ID number: every accepted line gets notes.
  const first17 = '37100219950307123';
  const wrongCheck = toIdCheckChar(first17) === '0' ? '1' : '0';
  const diplomaText = `毕业证书 学生张伟明 准予毕业 身份证号 ${first17}${wrongCheck}`;
  const scripted: DocumentReader = {
    read: async () => ({ text: diplomaText, confidence: 90 }),
    isAvailable: async () => true,
  };
  const args = [...calibrationFiles, '--json', '--material', 'identity'];
  const off = await checkPhotos(NO_READER, args);
  const on = await checkPhotos(scripted, args);
  expect(on.status).toBe(off.status);
  expect(verdicts(on.lines)).toEqual(verdicts(off.lines));
  expect(off.lines.every((l) => Array.isArray(l.notes) && l.notes.length === 0)).toBe(true);
  const accepted = on.lines.filter((l) => l.ok);
  expect(accepted.length).toBeGreaterThan(40);
  for (const line of accepted)
    expect(line.notes.map((n: { code: string }) => n.code)).toEqual([
      'unexpected_document',
      'id_number_invalid',
    ]);
}, 180_000);
