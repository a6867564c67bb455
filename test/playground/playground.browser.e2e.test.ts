import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { telegramPhotoJpeg } from '../helpers/photo-fixtures.js';
import { freePort, type PlaygroundProcess, startPlaygroundProcess } from '../helpers/playground-process.js';
import { distinctDocumentPhotos } from '../helpers/telegram-photos.js';

// Debian's chromium (.ci/run installs it); playwright-core downloads no browser of its own.
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts');
const ID = '有效身份证明（正反面及本人手持照片）';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

let playground: PlaygroundProcess;
let browser: BrowserContext;
let page: Page;
let pictures: Uint8Array[];
let blurred: Uint8Array;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const [started, photos] = await Promise.all([
    freePort().then((port) =>
      startPlaygroundProcess({
        PORT: String(port),
        DATA_DIR: mkdtempSync(join(tmpdir(), 'nmle-browser-')),
        NMLE_CLOCK: '2020-03-25T09:00:00+08:00',
      }),
    ),
    distinctDocumentPhotos(6),
  ]);
  playground = started;
  pictures = photos;
  blurred = new Uint8Array(
    await sharp(await telegramPhotoJpeg({ doc: 'certificate' }))
      .blur(6)
      .jpeg()
      .toBuffer(),
  );
  // A fresh profile each run; playwright takes it as launchPersistentContext's first argument.
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'nmle-chromium-')), {
    executablePath: CHROMIUM,
    viewport: PHONE,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(playground.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
});

const botSays = (text: string | RegExp) =>
  page.locator('.row.bot .bubble', { hasText: text }).last().waitFor({ timeout: 20_000 });

async function say(text: string): Promise<void> {
  await page.locator('#text').fill(text);
  await page.locator('#send').click();
}

const press = (text: string) => page.getByRole('button', { name: text, exact: true }).last().click();

async function upload(bytes: readonly Uint8Array[], as: 'photo' | 'file' = 'photo'): Promise<void> {
  await page.locator('#send-as').selectOption(as);
  await page.locator('#file-input').setInputFiles(
    bytes.map((buffer, i) => ({
      name: `picture-${i}.jpg`,
      mimeType: 'image/jpeg',
      buffer: Buffer.from(buffer),
    })),
  );
}

describe.skipIf(!existsSync(CHROMIUM))('the playground page in a browser', () => {
  it('interview, photos, submit, review and the alert, as one person in two roles', async () => {
    await say('/start');
    await botSays('第 1 题');
    await press('师承和确有专长助理医师');
    await press('否');
    await botSays('第 3 题');
    await say('1');
    await botSays(ID);
    await page.getByRole('button', { name: '📷 上传材料照片' }).last().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'playground-phone-checklist.png') });

    await upload([pictures[0] as Uint8Array]);
    await botSays(`✅ 已收到：${ID} 1/3`);
    await upload([blurred]);
    await botSays('模糊');
    expect(await page.locator('.row.me img').count()).toBe(2);
    await upload([pictures[1] as Uint8Array, pictures[2] as Uint8Array]);
    await botSays(`✅ 已收到：${ID} 3/3`);
    expect(await page.locator('.row.me .media.album img').count()).toBe(2);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-phone-photos.png') });

    await upload([pictures[3] as Uint8Array]);
    await botSays(/已收到：师承/);
    await press('下一项：试用期考核合格证明 »');
    await botSays('请发送“试用期考核合格证明”的照片');
    await upload([pictures[4] as Uint8Array], 'file');
    await botSays(/已收到：试用期考核合格证明/);
    await press('下一项：医疗机构执业许可证副本 »');
    await botSays('请发送“医疗机构执业许可证副本”的照片');
    await upload([pictures[5] as Uint8Array]);
    await botSays(/已收到：医疗机构执业许可证副本/);
    await say('/submit');
    await botSays('已提交审核');

    const clockBefore = await page.locator('#clock').getAttribute('data-now');
    await page.getByRole('button', { name: '+1 小时' }).click();
    await expect
      .poll(() => page.locator('#clock').getAttribute('data-now'), { timeout: 10_000 })
      .not.toBe(clockBefore);

    await page.setViewportSize(DESKTOP);
    await page.locator('.switch').click();
    await page.locator('body.reviewer').waitFor();
    await say('/queue');
    await botSays('待审核');
    await press('#1000001');
    await botSays('申请人 1000001 的材料');
    expect(await page.locator('.row.bot img').count()).toBeGreaterThanOrEqual(6);
    await press('↩️ 退回修改');
    await botSays('请选择需要重新上传的材料');
    await press(`⬜ ${ID}`);
    await press('✍️ 写反馈');
    await botSays('请输入给申请人的反馈意见');
    await say('身份证反面模糊，请重拍');
    await botSays('已处理：申请人 1000001 → 已退回');
    await page.screenshot({ path: join(ARTIFACTS, 'playground-desktop-reviewer.png') });

    await page.setViewportSize(PHONE);
    await page.locator('.switch').click();
    await page.locator('body:not(.reviewer)').waitFor();
    await botSays('有新的审核通知');
    const alert = await page.locator('.row.bot .bubble', { hasText: '有新的审核通知' }).last().textContent();
    expect(alert).toContain('反馈意见：身份证反面模糊，请重拍');
    await page.screenshot({ path: join(ARTIFACTS, 'playground-phone-alert.png') });
    await page.setViewportSize(DESKTOP);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-desktop-alert.png') });
  }, 180_000);
});
