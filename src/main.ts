import { existsSync } from 'node:fs';
import { registerCommands } from './bot/bot-commands.js';
import type { BotDeps } from './bot/bot-deps.js';
import { createChatQueue } from './bot/chat-queue.js';
import { createBot } from './bot/create-bot.js';
import { createOutbox, type SendMessage, telegramSender } from './bot/outbox-delivery.js';
import { parseConfig } from './config.js';
import { offsetClock, systemClock } from './domain/clock.js';
import type { Notifier } from './domain/notifier.js';
import { ConfigError, FlowError } from './errors.js';
import { resolveFlowPath } from './flows/flow-file.js';
import { loadFlow } from './flows/load-flow.js';
import { createPhotoChecker } from './images/photo-checker.js';
import { hammingDistance } from './images/photo-hash.js';
import { createLogger } from './log.js';
import { createReminderScheduler } from './scheduler/reminder-scheduler.js';
import { createApplicantStore } from './storage/applicant-store.js';
import { markInactive } from './storage/mark-inactive.js';
import { openStore } from './storage/open-store.js';
import { createOutboxStore } from './storage/outbox-store.js';
import { createPhotoFiles } from './storage/photo-files.js';
import { createReviewerStore } from './storage/reviewer-store.js';

const MISSING_TOKEN =
  'BOT_TOKEN is not set: create a bot with @BotFather, then run `BOT_TOKEN=123456:ABC... npm start` (or put BOT_TOKEN=... in .env; see .env.example).';

/** Starts the bot; resolves when it has stopped cleanly after SIGINT/SIGTERM. */
async function main(): Promise<number> {
  // Node ≥ 20.12 reads .env itself; values already in the environment win.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = parseConfig(process.env);
  const log = createLogger(config.logLevel);
  const flow = await loadFlow(resolveFlowPath(config.flowFile, process.cwd()));
  if (!config.botToken) {
    process.stderr.write(`${MISSING_TOKEN}\n`);
    return 1;
  }
  const clock = config.clockStart ? offsetClock(config.clockStart) : systemClock;
  const store = await openStore(config.storeUrl);
  const checker = createPhotoChecker({ rules: flow.upload });
  const applicants = createApplicantStore(store.keyv);
  // The outbox exists before the bot (whose handlers notify through it) and sends with the bot's client.
  let send: SendMessage | undefined;
  const outbox = createOutbox({
    store: createOutboxStore(store.keyv),
    send: (chatId, html) => {
      if (!send) throw new Error('the outbox sent before the bot was created');
      return send(chatId, html);
    },
    onBlocked: (userId) => markInactive(applicants, userId, clock.now()),
    log,
  });
  /** Messages the bot sends on its own initiative: persisted first, paced, never twice. */
  const notifier: Notifier = outbox;
  const scheduler = createReminderScheduler({ flow, applicants, notifier, clock, log });
  const deps: BotDeps = {
    flow,
    applicants,
    clock,
    log,
    reviewerIds: config.reviewerIds,
    photos: {
      check: (load) => checker.check(load),
      hash: (bytes) => checker.hash(bytes),
      distance: hammingDistance,
    },
    photoFiles: createPhotoFiles(config.dataDir),
    notifier,
    reviewers: createReviewerStore(store.keyv),
  };
  const queue = createChatQueue((error) => log.error({ err: error }, 'photo job failed'));
  const bot = createBot(deps, { token: config.botToken, apiRoot: config.telegramApiRoot, queue });
  send = telegramSender(bot.telegram);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing the updates in hand');
    void scheduler.stop();
    bot.stop(signal);
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  // Notifications left pending by a previous run (or a crashed `nmle remind`) go out first.
  await outbox.start();
  await registerCommands(bot.telegram, flow);
  // launch() resolves only when polling has stopped and the last batch of updates is handled and confirmed.
  await bot.launch(
    { allowedUpdates: ['message', 'edited_message', 'callback_query', 'my_chat_member'] },
    () => {
      log.info(
        { flow: flow.id, bot: bot.botInfo?.username },
        `ready: @${bot.botInfo?.username} is answering (flow ${flow.id})`,
      );
      scheduler.start();
    },
  );
  await queue.drain();
  // A reminder pass still recording finishes, the sends in flight get their answers recorded, then the
  // store closes; what was not sent stays pending for the next start.
  await scheduler.stop();
  await outbox.stop();
  await store.close();
  log.info('stopped');
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
