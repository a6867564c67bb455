import { type Context, Telegraf } from 'telegraf';
import type { WorkQueue } from '../app/ports/work-queue.js';
import { localize } from '../domain/text.js';
import { UpdateAlreadyApplied } from '../errors.js';
import { redactSecrets } from '../log.js';
import { accountActions, accountComposer } from './account-composer.js';
import type { ActionHandler } from './action-handler.js';
import type { BotDeps } from './bot-deps.js';
import { buttonPressOf } from './button-press.js';
import { type ActionKind, parseCallbackData } from './callback-data.js';
import { dossierActions, dossierComposer } from './dossier-composer.js';
import { filesActions, filesComposer } from './files-composer.js';
import { formsActions, formsComposer } from './forms-composer.js';
import { fallbackComposer, guardComposer } from './guard-composer.js';
import { interviewActions, interviewComposer } from './interview-composer.js';
import { photoIntakeComposer } from './photo-intake.js';
import { pressAnswerInWebhookAnswer } from './press-answer-in-webhook-answer.js';
import { readingActions } from './reading-actions.js';
import { reviewActions, reviewComposer } from './review-composer.js';
import { isBenignTelegramError } from './telegram-errors.js';
import { langOf } from './update-lang.js';

export interface BotOptions {
  readonly token: string;
  readonly apiRoot: string;
  /** Where photo work goes, off the update path; main.ts drains it on stop. */
  readonly queue: WorkQueue;
  /**
   * Errors that fail the update instead of being answered with "internal error" (webhook mode: the store was
   * unreachable, so Telegram should deliver it again). An update found already applied always fails through.
   */
  readonly failUpdateOn?: (error: unknown) => boolean;
}

/** Every button's handler, by the kind of its action: the compiler checks that none is missing. */
const ACTIONS: { readonly [K in ActionKind]: ActionHandler<K> } = {
  ...interviewActions,
  ...accountActions,
  ...dossierActions,
  ...filesActions,
  ...formsActions,
  ...reviewActions,
  ...readingActions,
};

/** Builds the applicant-facing bot; starting and stopping it is the caller's (see main.ts). */
export function createBot(deps: BotDeps, options: BotOptions): Telegraf<Context> {
  const bot = new Telegraf<Context>(options.token, {
    telegram: { apiRoot: options.apiRoot },
    handlerTimeout: 60_000,
  });
  const { flow, log } = deps;

  bot.use(guardComposer(deps));
  bot.use(pressAnswerInWebhookAnswer);

  // Button presses go straight to their handler by kind, before the message composers: most updates of an
  // interview are presses, and each composer passed costs a middleware hop.
  bot.on('callback_query', async (ctx) => {
    const data = 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined;
    const action = data === undefined ? undefined : parseCallbackData(data);
    if (!action) {
      await ctx.answerCbQuery(localize(flow.texts.invalidButton, langOf(ctx)));
      return;
    }
    const press = buttonPressOf(ctx);
    if (!press) return void (await ctx.answerCbQuery());
    await (ACTIONS[action.kind] as ActionHandler<typeof action.kind>)(ctx, deps, action, press);
  });

  bot.use(reviewComposer(deps));
  bot.use(accountComposer(deps));
  bot.use(interviewComposer(deps));
  // After the interview: typed text is an interview answer first, a form detail only once that is done.
  bot.use(formsComposer(deps));
  bot.use(dossierComposer(deps));
  bot.use(filesComposer(deps));
  bot.use(photoIntakeComposer(deps, options.queue));

  bot.use(fallbackComposer(deps));

  bot.catch(async (error, ctx) => {
    if (error instanceof UpdateAlreadyApplied) throw error;
    if (options.failUpdateOn?.(error)) {
      log.warn({ updateId: ctx.update.update_id, err: error }, 'update failed; it will come again');
      throw error;
    }
    if (isBenignTelegramError(error)) {
      log.debug({ updateId: ctx.update.update_id, err: error }, 'benign Telegram error');
      return;
    }
    log.error({ updateId: ctx.update.update_id, updateType: ctx.updateType, err: error }, 'update failed');
    if (ctx.chat?.type !== 'private') return;
    try {
      const lang = langOf(ctx);
      if (ctx.callbackQuery) await ctx.answerCbQuery(localize(flow.texts.internalError, lang));
      else await ctx.reply(localize(flow.texts.internalError, lang));
    } catch (replyError) {
      log.warn(
        { updateId: ctx.update.update_id, err: new Error(redactSecrets(String(replyError))) },
        'could not tell the applicant',
      );
    }
  });

  return bot;
}
