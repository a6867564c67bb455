import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { resolveFlowPath } from '../../src/flows/flow-file.js';
import { loadFlow } from '../../src/flows/load-flow.js';
import { createLogger } from '../../src/log.js';
import type { ChatMessageView } from '../../src/playground/chat-view.js';
import type { ChatSnapshot } from '../../src/playground/playground-chat.js';
import { type RunningPlayground, startPlayground } from '../../src/playground/start-playground.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { telegramPhotoJpeg } from '../helpers/photo-fixtures.js';

type Identity = 'applicant' | 'reviewer';

let playground: RunningPlayground;
beforeAll(async () => {
  const config = parseConfig(
    {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'nmle-playground-')),
      PORT: '0',
      NMLE_CLOCK: '2020-03-25T09:00:00+08:00',
      LOG_LEVEL: 'silent',
    },
    REPO_ROOT,
  );
  const flow = await loadFlow(resolveFlowPath(config.flowFile, REPO_ROOT));
  playground = await startPlayground({ config, flow, log: createLogger('silent') });
});
afterAll(async () => {
  await playground?.stop();
});

async function call<T = Record<string, unknown>>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${playground.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(`${path}: ${response.status} ${json.error ?? ''}`);
  return json;
}

/** Long-polls like the page until a bot message matching `pattern` appears. */
async function expectBotMessage(as: Identity, pattern: RegExp | string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let since = -1;
  let last: ChatSnapshot | undefined;
  while (Date.now() < deadline) {
    last = await call<ChatSnapshot>(`/api/messages?as=${as}&since=${since}`);
    const found = last.messages.find(
      (m) =>
        m.from === 'bot' && (typeof pattern === 'string' ? m.html.includes(pattern) : pattern.test(m.html)),
    );
    if (found) return found;
    since = last.version;
  }
  throw new Error(`no bot message ${pattern}; last: ${last?.messages.at(-1)?.html}`);
}

async function pressButton(as: Identity, text: string): Promise<void> {
  const { messages } = await call<ChatSnapshot>(`/api/messages?as=${as}&since=-1`);
  const withButton = [...messages]
    .reverse()
    .find((m) => m.buttons.some((row) => row.some((b) => b.text === text))) as ChatMessageView;
  expect(withButton, `a message with the button ${text}`).toBeDefined();
  const button = withButton.buttons.flat().find((b) => b.text === text);
  await call('/api/press', { as, messageId: withButton.id, data: button?.data });
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('the playground server', () => {
  it('serves the chat page and its script', async () => {
    const page = await fetch(playground.url);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<script type="module" src="/app.js">');
    expect((await fetch(`${playground.url}/app.js`)).status).toBe(200);
  });

  it('runs an interview over HTTP: /start, answers by buttons and a number, then the checklist', async () => {
    await call('/api/text', { as: 'applicant', text: '/start' });
    const first = await expectBotMessage('applicant', '第 1 题');
    expect(first.html).toContain('<b>第 1 题</b>');
    await pressButton('applicant', '师承和确有专长助理医师');
    await expectBotMessage('applicant', '第 2 题');
    await pressButton('applicant', '否');
    await expectBotMessage('applicant', '第 3 题');
    await call('/api/text', { as: 'applicant', text: '1' });
    const checklist = await expectBotMessage('applicant', '有效身份证明');
    expect(checklist.buttons.flat().map((b) => b.text)).toContain('📷 上传材料照片');
    const { messages } = await call<ChatSnapshot>('/api/messages?as=applicant&since=-1');
    expect(messages.filter((m) => m.from === 'me').map((m) => m.html)).toEqual(['/start', '1']);
  });

  it('turns an uploaded picture into Telegram-like photo sizes and serves the bytes back', async () => {
    await call('/api/text', { as: 'applicant', text: '/upload' });
    await expectBotMessage('applicant', '请选择要上传的材料');
    await pressButton('applicant', '⬜ 有效身份证明（正反面及本人手持照片） 0/3');
    await expectBotMessage('applicant', '请发送“有效身份证明（正反面及本人手持照片）”的照片');
    const picture = await telegramPhotoJpeg({ doc: 'id-card' });
    const blurred = new Uint8Array(await sharp(picture).blur(6).jpeg().toBuffer());
    await call('/api/upload', {
      as: 'applicant',
      kind: 'photo',
      files: [{ name: 'a.jpg', type: 'image/jpeg', base64: base64(picture) }],
    });
    await expectBotMessage('applicant', /已收到：有效身份证明.*1\/3/);
    await call('/api/upload', {
      as: 'applicant',
      kind: 'file',
      files: [{ name: 'b.jpg', type: 'image/jpeg', base64: base64(blurred) }],
    });
    await expectBotMessage('applicant', '模糊');
    const { messages } = await call<ChatSnapshot>('/api/messages?as=applicant&since=-1');
    const photo = messages.find((m) => m.from === 'me' && m.photo)?.photo;
    expect(photo?.width).toBe(1280);
    const served = await fetch(`${playground.url}/api/files/${photo?.fileId}`);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect((await sharp(new Uint8Array(await served.arrayBuffer())).metadata()).width).toBe(1280);
    expect(messages.find((m) => m.from === 'me' && m.document)?.document?.name).toBe('b.jpg');
  });

  it('lets the same person act as the reviewer, who may use /queue', async () => {
    const state = await call('/api/identity', { as: 'reviewer' });
    expect(state.identity).toBe('reviewer');
    await call('/api/text', { as: 'reviewer', text: '/queue' });
    const queue = await expectBotMessage('reviewer', /待审核|没有待审核/);
    expect(queue.html).not.toContain('仅供考点审核人员使用');
    await call('/api/identity', { as: 'applicant' });
  });

  it('moves the clock forward, which sends the reminders that fell due, and never back', async () => {
    const before = await call<{ now: string }>('/api/state');
    expect(before.now).toMatch(/^2020-03-25T01:0/);
    const after = await call<{ now: string }>('/api/clock', { hours: 1 });
    expect(Date.parse(after.now) - Date.parse(before.now)).toBeGreaterThanOrEqual(3_600_000);
    // 10:00 in Shanghai: the daily reminder to an applicant whose dossier is still a draft.
    await expectBotMessage('applicant', '⏰ 提醒：网上资格审核将于');
    await expect(call('/api/clock', { hours: -1 })).rejects.toThrow(/400 hours/);
  });

  it('reports that the clock started at NMLE_CLOCK when it is set', async () => {
    const state = await call<{ clockStart: unknown }>('/api/state');
    expect(state.clockStart).toEqual({ at: '2020-03-25T01:00:00.000Z', from: 'NMLE_CLOCK' });
  });

  it('refuses a malformed request with 400 and names the field', async () => {
    await expect(call('/api/text', { as: 'someone', text: 'x' })).rejects.toThrow(/400 as:/);
  });
});
