import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApplicantDriver, textOf } from '../helpers/applicant-driver.js';
import { type BotHarness, startBotHarness } from '../helpers/bot-process.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { sendPicture, submittedMentorshipApplicant } from '../helpers/mentorship-applicant.js';
import { distinctDocumentPhotos } from '../helpers/telegram-photos.js';
import { describeWithBrowser } from '../playground/browser-test-plan.js';

// Debian's chromium (.ci/run installs it); playwright-core downloads no browser of its own.
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts');
const DESKTOP = { width: 1440, height: 900 };
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];
const REVIEWER = 9_000_021;
const ID = '有效身份证明（正反面及本人手持照片）';
const LINK = /http:\/\/localhost:\d+\/sign-in\/[A-Za-z0-9_-]{43}/;

/**
 * The whole review, as the issue tells it: the bot process with CONSOLE_PORT, the reviewer signs in from
 * the link the bot sent, filters, takes the dossier with Next, zooms, returns two materials with template
 * reasons and free text; the applicant is alerted in the chat and resubmits; the reviewer approves with the
 * keyboard; the dossier's audit log shows both.
 */
describeWithBrowser(CHROMIUM, 'the whole review through the web console', () => {
  let harness: BotHarness;
  let browser: Browser;
  let page: Page;
  let applicant: ApplicantDriver;
  let reviewer: ApplicantDriver;
  let pictures: Uint8Array[];
  let origin: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [harness, pictures] = await Promise.all([
      startBotHarness({
        NMLE_CLOCK: '2020-03-25T09:00:00+08:00',
        REVIEWER_IDS: String(REVIEWER),
        CONSOLE_PORT: '0',
      }),
      distinctDocumentPhotos(8),
    ]);
    applicant = await submittedMentorshipApplicant(harness.emulator, pictures.slice(0, 6));
    reviewer = new ApplicantDriver(harness.emulator.createUser({ id: REVIEWER }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: DESKTOP });
    page.on('dialog', (dialog) => void dialog.accept());
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('signs in from the link the bot sent, filters the queue and takes the dossier with Next', async () => {
    await reviewer.user.sendText('/console');
    const link = LINK.exec(textOf(await reviewer.expectMessage('审核控制台登录链接')))?.[0] ?? '';
    origin = new URL(link).origin;
    await page.goto(link);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${origin}/`);
    await page.getByLabel('报考类别').selectOption('mentorship_assistant');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/exam=mentorship_assistant/);
    expect(await page.locator('table.queue').textContent()).toContain(String(applicant.user.id));
    await page.screenshot({ path: join(ARTIFACTS, 'console-story-queue.png'), fullPage: true });
    await page.keyboard.press('n');
    await page.waitForURL(`${origin}/dossiers/${applicant.user.id}`);
    const first = page.locator('article.material').first();
    await page.keyboard.press('z');
    expect(await first.getAttribute('class')).toContain('zoomed');
    await page.screenshot({ path: join(ARTIFACTS, 'console-story-zoomed.png') });
    await page.keyboard.press('z');
  }, 60_000);

  it('returns two materials with template reasons and free text; the applicant is alerted', async () => {
    await page.keyboard.press('1');
    await page.keyboard.press('j');
    await page.keyboard.press('2');
    await page.getByLabel('反馈（申请人可见）').fill('请在光线充足处重拍');
    await page.locator('h1').click();
    await page.keyboard.press('r');
    await page.waitForURL(/\?done=returned$/);
    const alert = textOf(await applicant.expectMessage('有新的审核通知', 15_000));
    expect(alert).toContain(`${ID}：不清晰`);
    expect(alert).toMatch(/：不完整/);
    expect(alert).toContain('请在光线充足处重拍');
  }, 60_000);

  it('sees the resubmitted dossier marked new and approves it with the keyboard', async () => {
    await applicant.user.sendText('/upload');
    await applicant.expectMessage('请选择要上传的材料');
    await applicant.user.pressButton(`🔁 ${ID} 3/3`);
    await applicant.expectMessage(`请发送“${ID}”的照片`);
    await applicant.user.pressButton('查看已传照片');
    const list = await applicant.expectMessage('已上传 3 张');
    await applicant.user.pressButton('替换第 2 张', { messageId: list.message_id });
    await applicant.expectMessage('请发送新的');
    expect(await sendPicture(applicant, pictures[7] as Uint8Array)).toContain(`${ID} 第 2 张（3/3）`);
    await applicant.user.sendText('/submit');
    await applicant.expectMessage('确定不修改就提交吗');
    await applicant.user.pressButton('仍然提交');
    await applicant.expectMessage('已提交审核');

    await page.goto(`${origin}/`);
    await page.keyboard.press('n');
    await page.waitForURL(`${origin}/dossiers/${applicant.user.id}`);
    expect(await page.locator('.new').count()).toBe(1);
    expect(await page.locator('.warn').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'console-story-resubmitted.png') });
    await page.keyboard.press('a');
    await page.waitForURL(/\?done=approved$/);
    await applicant.expectMessage('您的报名材料已审核通过', 15_000);
  }, 90_000);

  it('shows both decisions in the dossier’s audit log, with the reviewer and the time', async () => {
    await page.getByRole('link', { name: '审核记录' }).click();
    const rows = await page.locator('table.audit tbody tr').allTextContents();
    const dossierRows = rows.filter((r) => r.includes('整份材料'));
    expect(dossierRows).toHaveLength(2);
    expect(dossierRows[0]).toContain('待审核 → 已退回待重传');
    expect(dossierRows[1]).toContain('待审核 → 通过');
    for (const row of rows) {
      expect(row).toContain(`审核员 ${REVIEWER}`);
      expect(row).toMatch(/2020-03-25 \d\d:\d\d/);
    }
    expect(rows.filter((r) => r.includes('需重传'))).toHaveLength(2);
    await page.screenshot({ path: join(ARTIFACTS, 'console-story-audit.png'), fullPage: true });
  });
});
