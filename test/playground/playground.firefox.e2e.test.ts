import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { freePort, type PlaygroundProcess, startPlaygroundProcess } from '../helpers/playground-process.js';
import { describeWithBrowser } from './browser-test-plan.js';

// Debian's firefox-esr (.ci/run installs it). Playwright drives only its own patched Firefox, which cannot be
// downloaded here, so this test speaks WebDriver BiDi, Firefox's own remote protocol, from a small script.
const FIREFOX = '/usr/bin/firefox-esr';
const run = promisify(execFile);

let playground: PlaygroundProcess;
let firefox: ChildProcess;
let bidiPort: number;

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Firefox opened no remote port ${port} in ${timeoutMs} ms`);
}

describeWithBrowser(FIREFOX, 'the playground page in Firefox', () => {
  beforeAll(async () => {
    playground = await startPlaygroundProcess({
      PORT: String(await freePort()),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'nmle-firefox-')),
      NMLE_CLOCK: '2020-03-25T09:00:00+08:00',
    });
    bidiPort = await freePort();
    firefox = spawn(
      FIREFOX,
      [
        '--headless',
        '--remote-debugging-port',
        String(bidiPort),
        '--profile',
        mkdtempSync(join(tmpdir(), 'nmle-ff-')),
        '-no-remote',
      ],
      { stdio: 'ignore' },
    );
    await waitForPort(bidiPort, 30_000);
  }, 60_000);

  afterAll(async () => {
    firefox?.kill('SIGKILL');
    await playground?.stop();
  });

  it('starts the interview, shows the buttons and edits the question in place when one is pressed', async () => {
    const script = join(REPO_ROOT, 'test', 'helpers', 'firefox-bidi-check.mjs');
    const { stdout } = await run(
      process.execPath,
      ['--experimental-websocket', script, `ws://127.0.0.1:${bidiPort}/session`, playground.url],
      { timeout: 45_000 },
    );
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({
      sawQuestion: true,
      sawNext: true,
      edited: true,
    });
  }, 60_000);
});
