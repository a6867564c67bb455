import { existsSync } from 'node:fs';
import { parseConfig } from './config.js';
import { offsetClock, systemClock } from './domain/clock.js';
import { ConfigError, FlowError } from './errors.js';
import { resolveFlowPath } from './flows/flow-file.js';
import { loadFlow } from './flows/load-flow.js';
import { createLogger } from './log.js';
import { startBot } from './start-bot.js';

/** Starts the bot (or, without BOT_TOKEN, the local playground); resolves when stopped after SIGINT/SIGTERM. */
async function main(): Promise<number> {
  // Node ≥ 20.12 reads .env itself; values already in the environment win.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = parseConfig(process.env);
  const log = createLogger(config.logLevel);
  const flow = await loadFlow(resolveFlowPath(config.flowFile, process.cwd()));
  let stop: (signal: string) => void;
  let done: Promise<void>;
  if (config.botToken) {
    const clock = config.clockStart ? offsetClock(config.clockStart) : systemClock;
    const bot = await startBot({ config, flow, log, token: config.botToken, clock });
    stop = (signal) => bot.stop(signal);
    done = bot.done;
  } else {
    // Loaded only here: with a real token nothing of the playground (emulator, web server) is in the process.
    const { startPlayground } = await import('./playground/start-playground.js');
    const playground = await startPlayground({ config, flow, log });
    process.stdout.write(
      `No BOT_TOKEN: playground at ${playground.url} (a local Telegram with this bot; set BOT_TOKEN to use the real one)\n`,
    );
    stop = (signal) => void playground.stop(signal);
    done = playground.done;
  }
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  await done;
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof FlowError) {
      process.stderr.write(`nmle: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(
      `nmle: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
