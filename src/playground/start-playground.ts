import type { Config } from '../config.js';
import { adjustableClock, offsetClock } from '../domain/clock.js';
import type { Flow } from '../domain/flow.js';
import type { Lang } from '../domain/text.js';
import { createBotApiEmulator } from '../emulator/bot-api-emulator.js';
import { toTelegramPhotoSizes } from '../images/telegram-photo-sizes.js';
import type { Logger } from '../log.js';
import { startBot } from '../start-bot.js';
import { PlaygroundChat } from './playground-chat.js';
import { pickPlaygroundClockStart } from './playground-clock-start.js';
import { createPlaygroundHandler, listenPlayground } from './playground-server.js';

/** The applicant's Telegram id in the playground. */
export const PLAYGROUND_APPLICANT_ID = 1_000_001;
/** The same person acting as an exam-office reviewer; added to REVIEWER_IDS in the playground only. */
export const PLAYGROUND_REVIEWER_ID = 9_100_001;

export interface StartPlaygroundOptions {
  readonly config: Config;
  readonly flow: Flow;
  readonly log: Logger;
  /** Interface the web page is served on; default 127.0.0.1 (the playground is for this computer only). */
  readonly host?: string;
}

export interface RunningPlayground {
  /** `http://localhost:<port>` of the web chat. */
  readonly url: string;
  /** Resolves once the bot, the web server and the emulator have stopped. */
  readonly done: Promise<void>;
  stop(signal?: string): Promise<void>;
}

/**
 * The bot without Telegram: the local Bot API emulator, the real bot against it on a clock that can be moved
 * forward, and a web chat on `config.port` where one person talks to the bot as applicant or reviewer.
 */
export async function startPlayground({
  config,
  flow,
  log,
  host = '127.0.0.1',
}: StartPlaygroundOptions): Promise<RunningPlayground> {
  const clockStart = pickPlaygroundClockStart(flow, config.clockStart);
  const clock = adjustableClock(offsetClock(clockStart.at));
  const emulator = createBotApiEmulator({ clock: () => clock.now().getTime() });
  const { apiRoot } = await emulator.start();
  const bot = await startBot({
    config: {
      ...config,
      telegramApiRoot: apiRoot,
      reviewerIds: [...config.reviewerIds, PLAYGROUND_REVIEWER_ID],
      // The reviewer's /console link opens the web console beside the chat (a free port unless CONSOLE_PORT).
      consolePort: config.consolePort ?? 0,
    },
    flow,
    log,
    token: emulator.botToken,
    clock,
    consoleHost: host,
  });
  await bot.ready;
  // The applicant's language, for the page's own controls; a record the bot cannot read leaves them Chinese.
  const applicantLang = async (): Promise<Lang> =>
    (await bot.applicants.get(PLAYGROUND_APPLICANT_ID).catch(() => undefined))?.lang ?? 'zh';
  const chats = {
    applicant: new PlaygroundChat(
      emulator.createUser({ id: PLAYGROUND_APPLICANT_ID, firstName: '申请人' }),
      toTelegramPhotoSizes,
    ),
    reviewer: new PlaygroundChat(
      emulator.createUser({ id: PLAYGROUND_REVIEWER_ID, firstName: '审核员' }),
      toTelegramPhotoSizes,
    ),
  };
  const handler = createPlaygroundHandler({
    emulator,
    chats,
    clock,
    clockStart,
    timeZone: config.timeZone,
    applicantLang,
    remindNow: () => bot.remindNow(),
  });
  const { server, url } = await listenPlayground(handler, config.port, host);
  let stopped: Promise<void> | undefined;
  const stop = (signal = 'SIGTERM') => {
    stopped ??= (async () => {
      bot.stop(signal);
      await bot.done;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await emulator.stop();
    })();
    return stopped;
  };
  const done = bot.done.then(() => stop());
  return { url, done, stop };
}
