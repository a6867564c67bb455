import type { SendMessage } from './app/ports/sender.js';
import { type CommandMenuRegistration, registerCommands } from './bot/bot-commands.js';
import type { BotDeps } from './bot/bot-deps.js';
import { createBot } from './bot/create-bot.js';
import { resendWhereYouAre } from './bot/interview-composer.js';
import { pictureJobHandler } from './bot/photo-intake.js';
import type { Config } from './config.js';
import { consoleDepsOf } from './console/console-deps.js';
import { type RunningConsole, SIGN_IN_LINK_MINUTES, startConsole } from './console/start-console.js';
import { routeIdOf } from './domain/applicant-progress.js';
import type { Clock } from './domain/clock.js';
import type { Flow } from './domain/flow.js';
import type { Notifier } from './domain/notifier.js';
import { type OnCorruptRecord, UpdateAlreadyApplied } from './errors.js';
import { pdfFormPrinter } from './forms/form-printer.js';
import { createPhotoChecker } from './images/photo-checker.js';
import { hammingDistance } from './images/photo-hash.js';
import { type Logger, redactSecrets } from './log.js';
import { createOutbox } from './outbox/outbox.js';
import { createTesseractReader } from './reading/tesseract-reader.js';
import { createReminderScheduler } from './scheduler/reminder-scheduler.js';
import type { ApplicantStore } from './storage/applicant-store.js';
import { markInactive } from './storage/mark-inactive.js';
import { openAdapters } from './storage/open-adapters.js';
import { isStoreUnavailable } from './storage/store-unavailable.js';
import { telegramSender } from './telegram/telegram-sender.js';
import { appliedOnce } from './webhook/applied-once.js';
import { serveWebhook } from './webhook/serve-webhook.js';
import { chatIdOf, type IncomingUpdate, userIdOf } from './webhook/webhook-server.js';

/** The updates the bot asks Telegram for, in polling and in webhook mode. */
const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

export interface StartBotOptions {
  readonly config: Config;
  readonly flow: Flow;
  readonly log: Logger;
  readonly token: string;
  readonly clock: Clock;
  /** Interface the web console listens on (CONSOLE_PORT); default every one. The playground keeps it local. */
  readonly consoleHost?: string;
}

/** A bot started by `startBot`. */
export interface RunningBot {
  /** Resolves once the bot answers (getMe done, polling begun, scheduler started); the command menu may follow later. */
  readonly ready: Promise<void>;
  /** Resolves once the bot has stopped and the store is closed. */
  readonly done: Promise<void>;
  /** Asks the bot to stop: the updates in hand are finished and confirmed first. */
  stop(signal: string): void;
  /** Runs one reminder pass now, e.g. after the playground's clock was moved. */
  remindNow(): Promise<void>;
  /** The bot's applicants, to read (the playground shows its page in the applicant's language). */
  readonly applicants: Pick<ApplicantStore, 'get'>;
  /** The web console, when CONSOLE_PORT is set: where it listens and the address in its sign-in links. */
  readonly console?: Pick<RunningConsole, 'url' | 'publicUrl'> | undefined;
}

/**
 * Builds the parts and starts polling: config → flow → store → outbox → bot → scheduler; used by `npm start` with a real token and by the playground.
 */
export async function startBot({
  config,
  flow,
  log,
  token,
  clock,
  consoleHost,
}: StartBotOptions): Promise<RunningBot> {
  const checker = createPhotoChecker({ rules: flow.upload });
  const onCorrupt: OnCorruptRecord = (error) =>
    log.error({ err: error }, 'a stored record cannot be used: skipped and left as it is');
  // SQLite and files (embedded) or PostgreSQL (shared), as STORE_URL says.
  const store = await openAdapters(config, {
    onCorrupt,
    routeOf: (applicant) => routeIdOf(flow, applicant),
    clock,
    onConnectionError: (error) => log.warn({ err: error }, 'a PostgreSQL connection dropped; reconnecting'),
  });
  // In webhook mode each applicant change is stamped with its update, so a re-delivered one takes effect once.
  const applicants = config.webhook ? appliedOnce(store.applicants) : store.applicants;
  // The outbox exists before the bot (whose handlers notify through it) and sends with the bot's client.
  let send: SendMessage | undefined;
  const outbox = createOutbox({
    store: store.outbox,
    pacer: store.sendPacer,
    leases: store.outboxLeases,
    send: (chatId, html) => {
      if (!send) throw new Error('the outbox sent before the bot was created');
      return send(chatId, html);
    },
    onBlocked: (userId) => markInactive(applicants, userId, clock.now()),
    log,
  });
  /** Messages the bot sends on its own initiative: persisted first, paced, never twice. */
  const notifier: Notifier = outbox;
  const scheduler = createReminderScheduler({
    flow,
    applicants,
    notifier,
    clock,
    log,
    reviewerIds: config.reviewerIds,
    leader: store.leader,
  });
  const deps: BotDeps = {
    flow,
    applicants,
    clock,
    log,
    reviewerIds: config.reviewerIds,
    inspector: {
      check: (load) => checker.check(load),
      hash: (bytes) => checker.hash(bytes),
      distance: hammingDistance,
    },
    pictures: store.pictures,
    notifier,
    reviewers: store.reviewers,
    printer: pdfFormPrinter,
    // Issue 14: accepted pictures are read offline after their verdict; without tesseract nothing is read.
    // Two waiting at most: a burst (an album) beyond that is simply not read, the reader being advisory.
    ...(config.documentReader === 'tesseract' && { reader: createTesseractReader({ maxQueued: 2 }) }),
  };
  // The exam office's web console shares the bot's store, outbox and use-cases (contracts §8).
  const webConsole =
    config.consolePort === undefined
      ? undefined
      : await startConsole(
          consoleDepsOf(store, {
            flow,
            clock,
            applicants,
            notifier,
            reviewerIds: config.reviewerIds,
            publicUrl: config.publicUrl,
            timeZone: config.timeZone,
            log,
          }),
          { port: config.consolePort, ...(consoleHost && { hostname: consoleHost }) },
        ).catch(async (error: unknown) => {
          await store.close();
          throw error;
        });
  if (webConsole) log.info({ url: webConsole.publicUrl }, `web console listening at ${webConsole.url}`);
  const botDeps: BotDeps = webConsole
    ? { ...deps, consoleSignIn: { linkMinutes: SIGN_IN_LINK_MINUTES, linkFor: webConsole.linkFor } }
    : deps;
  // Embedded: pictures queued in memory; shared (PostgreSQL): on a durable queue any instance takes jobs from.
  const queue = await store
    .openPictureQueue((error) => log.error({ err: error }, 'photo job failed'))
    .catch(async (error: unknown) => {
      await webConsole?.close();
      await store.close();
      throw error;
    });
  const bot = createBot(botDeps, {
    token,
    apiRoot: config.telegramApiRoot,
    queue,
    // Webhook mode: an update the store could not take is answered 5xx, and Telegram delivers it again.
    ...(config.webhook && { failUpdateOn: isStoreUnavailable }),
  });
  send = telegramSender(bot.telegram);
  // The download, check, count and reply of each picture, wherever its job was queued.
  queue.process(pictureJobHandler(botDeps, bot.telegram));

  let stopping = false;
  let stopWebhook: () => void = () => {};
  const webhookStopped = new Promise<void>((resolve) => {
    stopWebhook = resolve;
  });
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  // Notifications left pending by a previous run (or a crashed `nmle remind`) go out first.
  await outbox.start();
  const done = (async () => {
    let menu: CommandMenuRegistration | undefined;
    try {
      // Called here rather than left to launch(), which then skips it, so that its failure names the method.
      bot.botInfo = await bot.telegram.getMe().catch((error: unknown) => {
        throw toBotApiCallError(error, 'getMe');
      });
      menu = registerCommands(bot.telegram, flow, log);
      const onReady = () => {
        log.info(
          { flow: flow.id, bot: bot.botInfo?.username, mode: config.webhook ? 'webhook' : 'polling' },
          `ready: @${bot.botInfo?.username} is answering (flow ${flow.id})`,
        );
        scheduler.start();
        markReady();
      };
      if (config.webhook) {
        // On PostgreSQL a picture's update is answered once its job is stored (durable); in memory a job would
        // die with the process, so there it is answered only once its picture is stored.
        const applyThenSettle = {
          telegram: bot.telegram,
          async handleUpdate(update: IncomingUpdate) {
            const chatId = chatIdOf(update);
            try {
              await bot.handleUpdate(update as never);
            } catch (error) {
              // Applied by an instance that died before answering 200: its reply may be lost, so say it again.
              if (!(error instanceof UpdateAlreadyApplied)) throw error;
              const userId = userIdOf(update);
              if (chatId === undefined || userId === undefined) return;
              const sent = await resendWhereYouAre(bot.telegram, botDeps, {
                updateId: update.update_id,
                userId,
                chatId,
              });
              log.info({ updateId: update.update_id, sent }, 'update applied before a crash; answered again');
              return;
            }
            if (chatId !== undefined) await queue.settled?.(chatId);
          },
        };
        const server = await serveWebhook(
          applyThenSettle,
          config.webhook,
          { ...store, clock, log },
          ALLOWED_UPDATES,
        ).catch((error: unknown) => {
          throw toBotApiCallError(error, 'setWebhook');
        });
        onReady();
        await webhookStopped;
        // The updates in hand are applied and answered; the rest Telegram delivers to another instance.
        await server.close();
      } else {
        // launch() resolves only when polling has stopped and the last batch of updates is handled and confirmed.
        await bot.launch({ allowedUpdates: [...ALLOWED_UPDATES] }, onReady).catch((error: unknown) => {
          throw toBotApiCallError(error);
        });
      }
    } finally {
      menu?.stop();
      await queue.drain();
      // A reminder pass still recording finishes, the sends in flight get their answers recorded, then the
      // store closes; what was not sent stays pending for the next start.
      await scheduler.stop();
      await webConsole?.close();
      await outbox.stop();
      await store.close();
    }
    log.info('stopped');
  })();
  const readyOrFailed = Promise.race([ready, done]);
  // A failed launch is reported through `done`; a caller that never awaits `ready` must not see it twice.
  readyOrFailed.catch(() => {});
  return {
    ready: readyOrFailed,
    done,
    stop(signal) {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'stopping: finishing the updates in hand');
      void scheduler.stop();
      if (config.webhook) stopWebhook();
      else bot.stop(signal);
    },
    async remindNow() {
      await scheduler.tick();
    },
    applicants,
    console: webConsole && { url: webConsole.url, publicUrl: webConsole.publicUrl },
  };
}

/**
 * A failed Bot API call as an error whose message names the method, e.g. `getMe failed: 500: Internal Server
 * Error`; telegraf's own message has only the code and description. `method` defaults to the one telegraf
 * recorded on its error (deleteWebhook, getUpdates). The message is scrubbed of the token.
 */
function toBotApiCallError(error: unknown, method?: string): Error {
  // TelegramError keeps the method in `on.method`; read structurally because only bot/ imports telegraf.
  const recorded = (error as { on?: { method?: unknown } } | null | undefined)?.on?.method;
  const name = method ?? (typeof recorded === 'string' ? recorded : undefined);
  const message = redactSecrets(error instanceof Error ? error.message : String(error));
  return new Error(name ? `${name} failed: ${message}` : message, { cause: error });
}
