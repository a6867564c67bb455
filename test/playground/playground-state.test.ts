import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { resolveFlowPath } from '../../src/flows/flow-file.js';
import { loadFlow } from '../../src/flows/load-flow.js';
import { createLogger } from '../../src/log.js';
import type { ChatMessageView } from '../../src/playground/chat-view.js';
import type { ChatSnapshot } from '../../src/playground/playground-chat.js';
import { type RunningPlayground, startPlayground } from '../../src/playground/start-playground.js';
import { REPO_ROOT } from '../helpers/cli.js';

interface State {
  now: string;
  clockStart: { at: string; from: string };
  lang: string;
}

// Started without NMLE_CLOCK, as `npm start` is in a demonstration.
let playground: RunningPlayground;
beforeAll(async () => {
  const config = parseConfig(
    { DATA_DIR: mkdtempSync(join(tmpdir(), 'nmle-playground-state-')), PORT: '0', LOG_LEVEL: 'silent' },
    REPO_ROOT,
  );
  const flow = await loadFlow(resolveFlowPath(config.flowFile, REPO_ROOT));
  playground = await startPlayground({ config, flow, log: createLogger('silent') });
});
afterAll(async () => {
  await playground?.stop();
});

async function call<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${playground.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Long-polls like the page until the bot said `text` to the applicant. */
async function waitForBotMessage(text: string, timeoutMs = 15_000): Promise<ChatMessageView> {
  const deadline = Date.now() + timeoutMs;
  let since = -1;
  while (Date.now() < deadline) {
    const snapshot = await call<ChatSnapshot>(`/api/messages?as=applicant&since=${since}`);
    const found = snapshot.messages.find((m) => m.from === 'bot' && m.html.includes(text));
    if (found) return found;
    since = snapshot.version;
  }
  throw new Error(`the bot never said ${text}`);
}

describe('the playground state for the page', () => {
  it('reports a clock started at 09:00 Beijing time on the review window’s first day without NMLE_CLOCK', async () => {
    const state = await call<State>('/api/state');
    expect(state.clockStart).toEqual({ at: '2020-03-20T01:00:00.000Z', from: 'review-window' });
    expect(Date.parse(state.now)).toBeGreaterThanOrEqual(Date.parse(state.clockStart.at));
    expect(state.now.slice(0, 10)).toBe('2020-03-20');
  });

  it('reports the applicant’s language: Chinese at first, English once they chose it with /lang', async () => {
    expect((await call<State>('/api/state')).lang).toBe('zh');
    await call('/api/text', { as: 'applicant', text: '/lang' });
    const prompt = await waitForBotMessage('Choose a language');
    const english = prompt.buttons.flat().find((b) => b.text === 'English');
    await call('/api/press', { as: 'applicant', messageId: prompt.id, data: english?.data });
    await waitForBotMessage('Switched to English.');
    expect((await call<State>('/api/state')).lang).toBe('en');
  });
});
