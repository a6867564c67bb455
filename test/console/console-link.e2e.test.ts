import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicantDriver, textOf } from '../helpers/applicant-driver.js';
import { type BotHarness, startBotHarness } from '../helpers/bot-process.js';

const REVIEWER = 9_000_011;
const LINK = /(http:\/\/localhost:\d+)\/sign-in\/([A-Za-z0-9_-]{43})/;

let harness: BotHarness;
beforeAll(async () => {
  harness = await startBotHarness({
    NMLE_CLOCK: '2020-03-25T09:00:00+08:00',
    REVIEWER_IDS: String(REVIEWER),
    CONSOLE_PORT: '0',
  });
}, 90_000);
afterAll(async () => {
  await harness?.close();
});

describe('/console, end to end through the bot process', () => {
  it('gives someone who is not a reviewer no link', async () => {
    const stranger = new ApplicantDriver(harness.emulator.createUser());
    await stranger.user.sendText('/console');
    const answer = textOf(await stranger.expectMessage('此命令仅供考点审核人员使用'));
    expect(answer).not.toMatch(/sign-in/);
    expect(stranger.user.messages().some((m) => /sign-in/.test(textOf(m)))).toBe(false);
  });

  it('gives a reviewer a one-time link that signs them in once', async () => {
    const reviewer = new ApplicantDriver(harness.emulator.createUser({ id: REVIEWER }));
    await reviewer.user.sendText('/console');
    const message = textOf(await reviewer.expectMessage('审核控制台登录链接'));
    const [link, origin, token] = LINK.exec(message) ?? [];
    expect(token).toBeDefined();
    // Node's fetch may try ::1 first; the console listens on every interface.
    const url = (link ?? '').replace('localhost', '127.0.0.1');
    const base = (origin ?? '').replace('localhost', '127.0.0.1');

    const opened = await fetch(url);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain('<button type="submit" id="sign-in">登录</button>');

    const signedIn = await fetch(url, { method: 'POST', redirect: 'manual' });
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    expect(cookie).toMatch(/^nmle_console=/);
    const queue = await fetch(`${base}/`, { headers: { Cookie: cookie } });
    expect(queue.status).toBe(200);
    expect(await queue.text()).toContain('待审核');

    const again = await fetch(url, { method: 'POST', redirect: 'manual' });
    expect(again.status).toBe(403);
    expect(again.headers.getSetCookie()).toEqual([]);
  });
});
