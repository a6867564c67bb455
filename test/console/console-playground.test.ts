import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { resolveFlowPath } from '../../src/flows/flow-file.js';
import { loadFlow } from '../../src/flows/load-flow.js';
import { createLogger } from '../../src/log.js';
import type { ChatSnapshot } from '../../src/playground/playground-chat.js';
import { type RunningPlayground, startPlayground } from '../../src/playground/start-playground.js';
import { REPO_ROOT } from '../helpers/cli.js';

let playground: RunningPlayground;
beforeAll(async () => {
  const config = parseConfig(
    {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'nmle-playground-console-')),
      PORT: '0',
      NMLE_CLOCK: '2020-03-25T09:00:00+08:00',
      LOG_LEVEL: 'silent',
    },
    REPO_ROOT,
  );
  const flow = await loadFlow(resolveFlowPath(config.flowFile, REPO_ROOT));
  playground = await startPlayground({ config, flow, log: createLogger('silent') });
}, 60_000);
afterAll(async () => {
  await playground?.stop();
});

it('gives the playground’s reviewer a clickable /console link that signs in to the console', async () => {
  const post = (path: string, body: unknown) =>
    fetch(`${playground.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  expect((await post('/api/text', { as: 'reviewer', text: '/console' })).status).toBe(200);
  let link: string | undefined;
  let since = -1;
  const deadline = Date.now() + 15_000;
  while (!link && Date.now() < deadline) {
    const snapshot = (await (
      await fetch(`${playground.url}/api/messages?as=reviewer&since=${since}`)
    ).json()) as ChatSnapshot;
    since = snapshot.version;
    for (const message of snapshot.messages)
      link ??= /<a href="(http:\/\/localhost:\d+\/sign-in\/[A-Za-z0-9_-]{43})"/.exec(message.html)?.[1];
  }
  expect(link).toBeDefined();
  // The playground keeps the console on this computer's loopback interface.
  const url = (link ?? '').replace('localhost', '127.0.0.1');
  expect((await fetch(url)).status).toBe(200);
  const signedIn = await fetch(url, { method: 'POST', redirect: 'manual' });
  expect(signedIn.status).toBe(303);
  expect(signedIn.headers.getSetCookie()[0]).toMatch(/^nmle_console=/);
});
