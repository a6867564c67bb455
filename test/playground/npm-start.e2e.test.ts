import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBotHarness } from '../helpers/bot-process.js';
import { freePort, startPlaygroundProcess } from '../helpers/playground-process.js';

const isListening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('npm start and the playground', () => {
  it('without BOT_TOKEN serves the web chat on PORT and prints its address', async () => {
    const port = await freePort();
    const playground = await startPlaygroundProcess({
      PORT: String(port),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'nmle-playground-')),
    });
    try {
      expect(playground.url).toBe(`http://localhost:${port}`);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(await page.text()).toContain('NMLE Assistant');
    } finally {
      await playground.stop();
    }
  });

  it('with BOT_TOKEN set does not open the playground port', async () => {
    const port = await freePort();
    const harness = await startBotHarness({ PORT: String(port) });
    try {
      expect(await isListening(port)).toBe(false);
      expect(harness.bot.stderr()).not.toContain('playground');
    } finally {
      await harness.close();
    }
  });
});
