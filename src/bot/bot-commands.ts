import type { Telegram } from 'telegraf';
import type { Flow, TextKey } from '../domain/flow.js';
import type { Lang } from '../domain/text.js';
import type { Logger } from '../log.js';
import { classifySendError } from '../telegram/classify-send-error.js';

/** The applicant's commands, in menu order: the menu and /help are both made from this one list. */
const APPLICANT_COMMANDS: readonly [string, TextKey][] = [
  ['start', 'cmdStart'],
  ['checklist', 'cmdChecklist'],
  ['upload', 'cmdUpload'],
  ['submit', 'cmdSubmit'],
  ['files', 'cmdFiles'],
  ['forms', 'cmdForms'],
  ['status', 'cmdStatus'],
  ['help', 'cmdHelp'],
  ['lang', 'cmdLang'],
  ['reset', 'cmdReset'],
  ['delete_my_data', 'cmdDeleteMyData'],
];

/** The applicant's commands with their descriptions in one language. */
export function commandList(flow: Flow, lang: Lang): { command: string; description: string }[] {
  return APPLICANT_COMMANDS.map(([command, key]) => ({ command, description: flow.texts[key][lang] }));
}

/** One menu: the commands for one client language (`undefined`: the default, for every other language). */
interface CommandMenu {
  readonly languageCode: 'zh' | 'en' | undefined;
  readonly lang: Lang;
}

/** Chinese by default and for Chinese clients, English for English ones. */
const MENUS: readonly CommandMenu[] = [
  { languageCode: undefined, lang: 'zh' },
  { languageCode: 'zh', lang: 'zh' },
  { languageCode: 'en', lang: 'en' },
];

/** How hard to try registering the menu. */
export interface CommandMenuRetry {
  /** The first retry waits this long, each next one twice as long, up to `maxDelayMs`; a 429's `retry_after` wins. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Attempts (the first included) before giving up with a warning. */
  readonly maxAttempts: number;
}

/** Waits 1, 2, 4 … 256 s, then 5 min twice: twelve attempts over about 18 minutes. */
export const DEFAULT_COMMAND_MENU_RETRY: CommandMenuRetry = {
  baseDelayMs: 1000,
  maxDelayMs: 5 * 60_000,
  maxAttempts: 12,
};

/** The menu registration running in the background. */
export interface CommandMenuRegistration {
  /** Cancels a pending retry; a call in flight still finishes, but nothing is tried after it. */
  stop(): void;
}

/**
 * Registers the command menu in the background: every menu is set once, the ones refused are retried with
 * exponential backoff (a 429 after its `retry_after`). A 4xx other than 429 would be refused again, so it
 * ends the attempts at once. Progress and giving up are logged; nothing is thrown.
 *
 * The menu is cosmetic — the commands work without it — so it must never hold up or fail the start
 * (Telegram may answer any call with 429 or 5xx, also at start).
 */
export function registerCommands(
  telegram: Pick<Telegram, 'setMyCommands'>,
  flow: Flow,
  log: Logger,
  retry: CommandMenuRetry = DEFAULT_COMMAND_MENU_RETRY,
): CommandMenuRegistration {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const attempt = async (menus: readonly CommandMenu[], number: number): Promise<void> => {
    const results = await Promise.all(
      menus.map(async (menu) => {
        try {
          const commands = commandList(flow, menu.lang);
          if (menu.languageCode) await telegram.setMyCommands(commands, { language_code: menu.languageCode });
          else await telegram.setMyCommands(commands);
          return undefined;
        } catch (error) {
          return { menu, failure: classifySendError(error) };
        }
      }),
    );
    const failed = results.filter((result) => result !== undefined);
    const [first] = failed;
    if (!first) {
      log.info({ attempt: number }, 'command menu registered');
      return;
    }
    const permanent = failed.find(
      ({ failure }) => failure.kind === 'permanent' || failure.kind === 'blocked',
    );
    if (permanent || number >= retry.maxAttempts) {
      log.warn(
        { attempt: number, error: (permanent ?? first).failure.error },
        'command menu not registered; giving up (the commands still work when typed)',
      );
      return;
    }
    if (stopped) return;
    const backoffMs = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (number - 1));
    const retryAfterMs = Math.max(
      0,
      ...failed.map(({ failure }) => (failure.kind === 'rate_limited' ? failure.retryAfterMs : 0)),
    );
    const retryInMs = retryAfterMs > 0 ? retryAfterMs : backoffMs;
    log.warn(
      { attempt: number, retryInMs, error: first.failure.error },
      'command menu not registered; retrying in the background',
    );
    timer = setTimeout(() => {
      timer = undefined;
      void attempt(
        failed.map(({ menu }) => menu),
        number + 1,
      );
    }, retryInMs);
    // A cosmetic retry must never keep a stopping process alive.
    timer.unref();
  };

  void attempt(MENUS, 1);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
