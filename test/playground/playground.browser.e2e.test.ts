import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { resolveFlowPath } from '../../src/flows/flow-file.js';
import { loadFlow } from '../../src/flows/load-flow.js';
import { createLogger } from '../../src/log.js';
import { type RunningPlayground, startPlayground } from '../../src/playground/start-playground.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { telegramPhotoJpeg } from '../helpers/photo-fixtures.js';
import { freePort, type PlaygroundProcess, startPlaygroundProcess } from '../helpers/playground-process.js';
import { distinctDocumentPhotos } from '../helpers/telegram-photos.js';
import { describeWithBrowser } from './browser-test-plan.js';

// Debian's chromium (.ci/run installs it); playwright-core downloads no browser of its own.
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts');
const ID = '有效身份证明（正反面及本人手持照片）';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

// No sandbox (containers, CI), and nothing of the background traffic a fresh profile starts.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The chat on `page` as a person uses it: type and send, press a button, wait for the bot, attach pictures. */
function chatOn(page: Page) {
  const botSays = (text: string | RegExp) =>
    page.locator('.row.bot .bubble', { hasText: text }).last().waitFor({ timeout: 20_000 });
  const say = async (text: string) => {
    await page.locator('#text').fill(text);
    await page.locator('#send').click();
  };
  const press = (text: string) => page.getByRole('button', { name: text, exact: true }).last().click();
  const upload = async (bytes: readonly Uint8Array[], as: 'photo' | 'file' = 'photo') => {
    await page.locator('#send-as').selectOption(as);
    await page.locator('#file-input').setInputFiles(
      bytes.map((buffer, i) => ({
        name: `picture-${i}.jpg`,
        mimeType: 'image/jpeg',
        buffer: Buffer.from(buffer),
      })),
    );
  };
  return { botSays, say, press, upload };
}

/** The instant the page's clock label shows, from its `datetime`. */
async function shownTime(page: Page): Promise<number> {
  return Date.parse((await page.locator('#clock').getAttribute('datetime')) ?? '');
}

describeWithBrowser(CHROMIUM, 'the playground page in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // A fresh context per describe: no profile left over from another run, and a fake clock stays in its own.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  describe('the whole story through npm start', () => {
    let playground: PlaygroundProcess;
    let page: Page;
    let pictures: Uint8Array[];
    let blurred: Uint8Array;

    beforeAll(async () => {
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
      page = await (await browser.newContext({ viewport: PHONE })).newPage();
      await page.goto(playground.url);
    }, 120_000);

    afterAll(async () => {
      await page?.context().close();
      await playground?.stop();
    });

    it('interview, photos, submit, review and the alert, as one person in two roles', async () => {
      const { say, botSays, press, upload } = chatOn(page);
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

      const clockBefore = await shownTime(page);
      await page.getByRole('button', { name: '+1 小时' }).click();
      await expect
        .poll(async () => (await shownTime(page)) - clockBefore, { timeout: 10_000 })
        .toBeGreaterThanOrEqual(3_600_000);

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
      const alert = await page
        .locator('.row.bot .bubble', { hasText: '有新的审核通知' })
        .last()
        .textContent();
      expect(alert).toContain('反馈意见：身份证反面模糊，请重拍');
      await page.screenshot({ path: join(ARTIFACTS, 'playground-phone-alert.png') });
      await page.setViewportSize(DESKTOP);
      await page.screenshot({ path: join(ARTIFACTS, 'playground-desktop-alert.png') });
    }, 180_000);
  });

  describe('the page around the chat', () => {
    let playground: RunningPlayground;
    let context: Awaited<ReturnType<Browser['newContext']>>;

    beforeAll(async () => {
      // In this process rather than through npm start: these tests need only the page and its API, started
      // without NMLE_CLOCK.
      const config = parseConfig(
        { DATA_DIR: mkdtempSync(join(tmpdir(), 'nmle-browser-page-')), PORT: '0', LOG_LEVEL: 'silent' },
        REPO_ROOT,
      );
      const flow = await loadFlow(resolveFlowPath(config.flowFile, REPO_ROOT));
      playground = await startPlayground({ config, flow, log: createLogger('silent') });
      context = await browser.newContext({ viewport: PHONE });
      // Playwright's fake clock, so a test can move the page's time on without waiting for it.
      await context.clock.install();
    }, 60_000);

    afterAll(async () => {
      await context?.close();
      await playground?.stop();
    });

    async function openPage(): Promise<Page> {
      const page = await context.newPage();
      await page.goto(playground.url);
      // Loaded: the first state and messages are shown, and the long poll now waits for the bot, which says
      // nothing here unless spoken to, so the clock is not set right from the server while a test moves it.
      await page.locator('body[data-version]').waitFor();
      return page;
    }

    it('starts the clock at 09:00 on the review window’s first day and says so under it', async () => {
      const page = await openPage();
      const shown = await shownTime(page);
      expect(shown).toBeGreaterThanOrEqual(Date.parse('2020-03-20T09:00:00+08:00'));
      expect(shown).toBeLessThan(Date.parse('2020-03-20T10:00:00+08:00'));
      expect(await page.locator('#clock').textContent()).toContain('2020/3/20 09:');
      const note = page.locator('#clock-note');
      expect(await note.isVisible()).toBe(true);
      expect(await note.textContent()).toBe('演示时间从审核首日 09:00 开始（NMLE_CLOCK 可改）');
      await page.close();
    });

    it('moves the clock label on by itself, without a click', async () => {
      const page = await openPage();
      await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
      const before = await shownTime(page);
      const labelBefore = await page.locator('#clock').textContent();
      await page.clock.fastForward('02:00');
      expect((await shownTime(page)) - before).toBeGreaterThanOrEqual(120_000);
      expect(await page.locator('#clock').textContent()).not.toBe(labelBefore);
      await page.clock.resume();
      await page.close();
    });

    // Last here: the applicant's language is kept by the bot, so it stays English for the page after this.
    it('shows its own controls in English once the applicant chose English with /lang', async () => {
      const page = await openPage();
      const { say, botSays, press } = chatOn(page);
      expect(await page.locator('.switch').textContent()).toContain('审核员');
      await say('/lang');
      await press('English');
      await botSays('Switched to English.');
      await page.locator('body[data-lang="en"]').waitFor();
      expect((await page.locator('.switch').textContent())?.trim()).toBe('Reviewer');
      expect(await page.locator('.clock-button').allTextContents()).toEqual(['+1 hour', '+1 day']);
      expect(await page.locator('#send-as option').allTextContents()).toEqual(['Photo', 'File']);
      expect(await page.locator('#text').getAttribute('placeholder')).toBe('Message');
      expect(await page.locator('#send').getAttribute('aria-label')).toBe('Send');
      expect(await page.locator('.attach').getAttribute('title')).toBe('Send pictures');
      expect(await page.locator('#clock-note').textContent()).toBe(
        "Demo time starts at 09:00 on the review's first day (NMLE_CLOCK changes it)",
      );
      expect(await page.locator('#status').textContent()).toBe('Applicant #1000001');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await page.close();
    });
  });
});
