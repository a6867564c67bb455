import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningConsole, startConsole } from '../../src/console/start-console.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { describeWithBrowser } from '../playground/browser-test-plan.js';
import { type ConsoleFixture, createConsoleFixture, REVIEWER_A } from './console-fixture.js';

// Debian's chromium (.ci/run installs it); playwright-core downloads no browser of its own.
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts');
const DESKTOP = { width: 1440, height: 900 };
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];
const APPLICANT = 4_300_001;
const LATER = 4_300_002;
const DIPLOMA = '毕业证';

describeWithBrowser(CHROMIUM, 'the web console in a browser', () => {
  let browser: Browser;
  let fx: ConsoleFixture;
  let running: RunningConsole;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // A grey page with a dark band, so a picture is there to see, zoom and turn.
    const picture = new Uint8Array(
      await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#e8e4da' } })
        .composite([
          {
            input: { create: { width: 900, height: 120, channels: 3, background: '#333' } },
            top: 200,
            left: 150,
          },
        ])
        .jpeg()
        .toBuffer(),
    );
    fx = await createConsoleFixture({ pictureBytes: () => picture });
    await fx.seedSubmitted(APPLICANT, { submittedAt: '2020-03-22T01:00:00.000Z' });
    await fx.seedSubmitted(LATER, { submittedAt: '2020-03-24T01:00:00.000Z' });
    running = await startConsole(fx.deps, { port: 0, hostname: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: DESKTOP });
    page.on('dialog', (dialog) => void dialog.accept());
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await fx?.close();
  });

  describe('a reviewer returns a material with the keyboard', () => {
    it('signs in through the link and sees the queue', async () => {
      const token = await fx.linkToken(REVIEWER_A);
      await page.goto(`${running.url}/sign-in/${token}`);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(`${running.url}/`);
      await expect.poll(() => page.locator('table.queue').textContent()).toContain(String(APPLICANT));
      expect(await page.locator('.count.current').textContent()).toMatch(/待审核\s*2/);
      await page.screenshot({ path: join(ARTIFACTS, 'console-desktop-queue.png'), fullPage: true });
    });

    it('takes the oldest dossier with n and shows its pictures', async () => {
      await page.keyboard.press('n');
      await page.waitForURL(`${running.url}/dossiers/${APPLICANT}`);
      await expect.poll(() => page.locator('h1').textContent()).toContain(`申请人 ${APPLICANT} 的材料`);
      const first = page.locator('article.material').first().locator('img').first();
      await expect
        .poll(() => first.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
        .toBe(1200);
      expect(await page.locator('p.claim').textContent()).toContain('您已领取此材料');
    });

    it('moves to a material with j, zooms with z and turns its picture with ]', async () => {
      await page.keyboard.press('j');
      const second = page.locator('article.material').nth(1);
      expect(await second.getAttribute('class')).toContain('selected');
      expect(await second.locator('h3').textContent()).toContain(DIPLOMA);
      await page.keyboard.press('z');
      expect(await second.getAttribute('class')).toContain('zoomed');
      await page.keyboard.press(']');
      expect(await second.locator('img').first().getAttribute('data-rotation')).toBe('90');
      await page.keyboard.press('[');
      await page.keyboard.press('z');
      await page.keyboard.press('?');
      expect(await page.locator('#help').isVisible()).toBe(true);
      await page.keyboard.press('?');
    });

    it('picks a reason with a digit, writes feedback and returns with r', async () => {
      await page.keyboard.press('1');
      const second = page.locator('article.material').nth(1);
      expect(await second.getByLabel(DIPLOMA, { exact: true }).isChecked()).toBe(true);
      await page.getByLabel('反馈（申请人可见）').fill('请用原件重新拍摄');
      await page.locator('#return-form').getByLabel('内部备注（申请人不可见）').fill('复印件');
      await second.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, 'console-desktop-dossier.png') });
      // Keys typed into a text box are text, not shortcuts: leave it first.
      await page.locator('h1').click();
      await page.keyboard.press('r');
      await page.waitForURL(/\?done=returned$/);
      expect(await page.locator('.notice').textContent()).toContain(
        `已处理：申请人 ${APPLICANT} → 已退回待重传`,
      );
      expect((await fx.deps.applicants.get(APPLICANT))?.dossier.feedback?.materials).toEqual(['diploma']);
      expect(fx.notifier.sent[0]?.html).toContain(`${DIPLOMA}：不清晰`);
      expect(fx.notifier.sent[0]?.html).toContain('请用原件重新拍摄');
      expect(fx.notifier.sent[0]?.html).not.toContain('复印件');
    });

    it('shows the decision in the dossier’s audit log with the reviewer and the time', async () => {
      await page.getByRole('link', { name: '审核记录' }).click();
      await page.waitForURL(`${running.url}/dossiers/${APPLICANT}/audit`);
      const rows = await page.locator('table.audit tbody tr').allTextContents();
      expect(rows).toHaveLength(2);
      expect(rows[0]).toContain(`审核员 ${REVIEWER_A}`);
      expect(rows[0]).toContain('2020-03-25 09:00');
      expect(rows[0]).toContain('待审核 → 已退回待重传');
      expect(rows[0]).toContain('复印件');
      expect(rows[1]).toContain(DIPLOMA);
      expect(rows[1]).toContain('不清晰');
      await page.screenshot({ path: join(ARTIFACTS, 'console-desktop-audit.png'), fullPage: true });
    });

    it('approves the next dossier with n then a', async () => {
      await page.keyboard.press('n');
      await page.waitForURL(`${running.url}/dossiers/${LATER}`);
      await page.keyboard.press('a');
      await page.waitForURL(/\?done=approved$/);
      expect((await fx.deps.applicants.get(LATER))?.dossier.state).toBe('approved');
      expect(fx.notifier.sent.filter((n) => n.userId === LATER)).toHaveLength(1);
    });
  });
});
