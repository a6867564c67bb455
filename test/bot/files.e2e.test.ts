import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../src/emulator/bot-api-types.js';
import type { ApplicantDriver } from '../helpers/applicant-driver.js';
import { type BotHarness, startBotHarness } from '../helpers/bot-process.js';
import {
  mentorshipApplicant,
  PICTURE_ANSWER,
  sendPicture,
  submittedMentorshipApplicant,
} from '../helpers/mentorship-applicant.js';
import { screenshotPng } from '../helpers/photo-fixtures.js';
import { distinctDocumentPhotos } from '../helpers/telegram-photos.js';

// `/files` (contracts §5): the accepted pictures back as documents, the very files that were checked, named
// for the official portal.
const ID = '有效身份证明（正反面及本人手持照片）';
const MENTOR = '师承和确有专长证书';
const MAX_BYTES = 200_000;

let harness: BotHarness;
let pictures: Uint8Array[];
let screenshot: Uint8Array;
beforeAll(async () => {
  [harness, pictures, screenshot] = await Promise.all([
    startBotHarness({ NMLE_CLOCK: '2020-03-25T09:00:00+08:00' }),
    distinctDocumentPhotos(6),
    screenshotPng(),
  ]);
}, 90_000);
afterAll(async () => {
  await harness?.close();
});

/** Bot API calls the emulator refused so far, per method. */
const refusedCalls = () => harness.emulator.stats().errors;

/** Sends a picture and returns the normalised file the bot stored for it: the one new in the applicant's folder. */
async function storedFileOf(a: ApplicantDriver, send: () => Promise<string>): Promise<Uint8Array> {
  const dir = join(harness.dataDir, 'photos', String(a.user.id));
  const before = new Set(existsSync(dir) ? readdirSync(dir) : []);
  expect(await send()).toContain('已收到');
  const added = readdirSync(dir).filter((f) => !before.has(f));
  expect(added).toHaveLength(1);
  return new Uint8Array(readFileSync(join(dir, added[0] as string)));
}

/** Does something, then waits for the document named `last` and returns every document sent meanwhile. */
async function documentsAfter(a: ApplicantDriver, act: () => Promise<unknown>, last: string) {
  const seen = a.user.messages().length;
  await act();
  await a.user.waitForMessage((m) => m.document?.file_name === last, { timeoutMs: 20_000 });
  return a.user
    .messages()
    .slice(seen)
    .filter((m): m is Message & Required<Pick<Message, 'document'>> => Boolean(m.document));
}

describe('/files', () => {
  it('gives back the stored pictures of two materials as documents named for the portal', async () => {
    const before = refusedCalls();
    const a = await mentorshipApplicant(harness.emulator);
    const stored: Uint8Array[] = [];
    for (const p of pictures.slice(0, 3)) stored.push(await storedFileOf(a, () => sendPicture(a, p)));
    await a.expectMessage(`请发送“${MENTOR}”的照片`);
    stored.push(
      await storedFileOf(a, async () => {
        await a.user.sendDocument(screenshot, { fileName: 'screen.png', mimeType: 'image/png' });
        return (await a.expectMessage(PICTURE_ANSWER, 20_000)).text ?? '';
      }),
    );

    const names = [`01_${ID}_1.jpg`, `01_${ID}_2.jpg`, `01_${ID}_3.jpg`, `02_${MENTOR}_1.png`];
    const docs = await documentsAfter(a, () => a.user.sendText('/files'), names[3] as string);
    expect(a.user.messages().some((m) => m.text?.includes('共 4 个文件'))).toBe(true);
    expect(docs.map((m) => m.document.file_name)).toEqual(names);
    const bytes = docs.map((m) => a.user.downloadSent(m.document.file_id));
    expect(bytes.map((b) => Buffer.from(b))).toEqual(stored.map((b) => Buffer.from(b)));
    for (const b of bytes) expect(b.length).toBeLessThanOrEqual(MAX_BYTES);
    const [first, , third, fourth] = docs;
    expect(first?.media_group_id).toBeDefined();
    expect(third?.media_group_id).toBe(first?.media_group_id);
    expect(fourth?.media_group_id).toBeUndefined();
    expect(docs.some((m) => m.photo)).toBe(false);
    expect(refusedCalls()).toEqual(before);
  });

  it('gives one material’s files from its list of pictures', async () => {
    const a = await mentorshipApplicant(harness.emulator);
    const stored: Uint8Array[] = [];
    for (const p of pictures.slice(0, 3)) stored.push(await storedFileOf(a, () => sendPicture(a, p)));
    await a.user.sendText('/upload');
    await a.expectMessage('请选择要上传的材料');
    await a.user.pressButton(`✅ ${ID} 3/3`);
    await a.expectMessage(`请发送“${ID}”的照片`);
    await a.user.pressButton('查看已传照片');
    await a.expectMessage(`“${ID}”已上传 3 张`);
    const docs = await documentsAfter(
      a,
      () => a.user.pressButton('📎 以文件形式取回这项照片'),
      `01_${ID}_3.jpg`,
    );
    expect(docs.map((m) => m.document.file_name)).toEqual([1, 2, 3].map((k) => `01_${ID}_${k}.jpg`));
    expect(docs.map((m) => Buffer.from(a.user.downloadSent(m.document.file_id)))).toEqual(
      stored.map((b) => Buffer.from(b)),
    );
  });

  it('gives everything from the checklist once the dossier is submitted and locked', async () => {
    const before = refusedCalls();
    const a = await submittedMentorshipApplicant(harness.emulator, pictures);
    await a.user.sendText('/checklist');
    await a.expectMessage('您符合报考条件');
    const last = '04_医疗机构执业许可证副本_1.jpg';
    const docs = await documentsAfter(a, () => a.user.pressButton('📎 取回全部照片文件'), last);
    expect(docs.map((m) => m.document.file_name)).toEqual([
      `01_${ID}_1.jpg`,
      `01_${ID}_2.jpg`,
      `01_${ID}_3.jpg`,
      `02_${MENTOR}_1.jpg`,
      '03_试用期考核合格证明_1.jpg',
      last,
    ]);
    expect(refusedCalls()).toEqual(before);
  });

  it('says so when no picture is accepted yet', async () => {
    const a = await mentorshipApplicant(harness.emulator);
    await a.user.sendText('/files');
    await a.expectMessage('您还没有通过检查的照片');
    expect(a.user.messages().some((m) => m.document)).toBe(false);
  });
});
