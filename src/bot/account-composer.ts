import { Composer, type Context } from 'telegraf';
import { answerInterview, currentInterview } from '../app/answer-interview.js';
import { chooseLanguage } from '../app/choose-language.js';
import { deleteMyData } from '../app/delete-my-data.js';
import { openApplicant } from '../app/open-applicant.js';
import type { Applicant } from '../domain/applicant.js';
import { checklistOf, pendingQuestion } from '../domain/applicant-progress.js';
import { LANGS, localize } from '../domain/text.js';
import type { ActionHandlers } from './action-handler.js';
import { commandList } from './bot-commands.js';
import type { BotDeps } from './bot-deps.js';
import { toCallbackData } from './callback-data.js';
import { escapeHtml } from './html.js';
import { continueInterview } from './interview-composer.js';
import { statusView, t } from './render.js';
import { clearButtons, sendView } from './send-view.js';
import { langOf } from './update-lang.js';

const LANG_NAMES: Record<(typeof LANGS)[number], string> = { zh: '中文', en: 'English' };

/** /help, /status, /lang, /reset and /delete_my_data. */
export function accountComposer(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const { flow } = deps;

  composer.help(async (ctx) => {
    const lang = langOf(ctx);
    const commands = commandList(flow, lang).map((c) => `/${c.command} ${escapeHtml(c.description)}`);
    const phones = flow.helplines.map(
      (h) => `☎️ ${t(flow, 'helpline', lang, { label: h.label[lang], phone: h.phone })}`,
    );
    await ctx.reply([t(flow, 'help', lang), ...commands, '', ...phones].join('\n'), { parse_mode: 'HTML' });
  });

  composer.command('status', async (ctx) => {
    const { applicant } = await openApplicant(deps, ctx.from.id, ctx.chat.id);
    const complete = pendingQuestion(deps.flow, applicant) === undefined;
    const checklist = complete ? checklistOf(deps.flow, applicant) : undefined;
    const materials = checklist?.eligible ? checklist.materials : [];
    await sendView(
      ctx.telegram,
      ctx.chat.id,
      statusView(flow, applicant, complete, deps.clock.now(), materials),
    );
  });

  composer.command('lang', async (ctx) => {
    const lang = langOf(ctx);
    await ctx.reply(t(flow, 'langPrompt', lang), {
      reply_markup: {
        inline_keyboard: [
          LANGS.map((l) => ({
            text: LANG_NAMES[l],
            callback_data: toCallbackData({ kind: 'lang', lang: l }),
          })),
        ],
      },
    });
  });

  composer.command('reset', async (ctx) => {
    const { applicant } = await openApplicant(deps, ctx.from.id, ctx.chat.id);
    await askReset(ctx, deps, applicant);
  });

  composer.command('delete_my_data', async (ctx) => {
    const lang = langOf(ctx);
    await ctx.reply(t(flow, 'deleteConfirm', lang), {
      parse_mode: 'HTML',
      reply_markup: {
        inline_keyboard: [
          [
            {
              text: localize(flow.texts.deleteYes, lang),
              callback_data: toCallbackData({ kind: 'delete', confirm: true }),
            },
            {
              text: localize(flow.texts.cancel, lang),
              callback_data: toCallbackData({ kind: 'delete', confirm: false }),
            },
          ],
        ],
      },
    });
  });

  return composer;
}

async function askReset(ctx: Context, deps: BotDeps, applicant: Applicant): Promise<void> {
  const { flow } = deps;
  const { lang, revision } = applicant;
  await ctx.telegram.sendMessage(applicant.chatId, t(flow, 'resetConfirm', lang), {
    parse_mode: 'HTML',
    reply_markup: {
      inline_keyboard: [
        [
          {
            text: localize(flow.texts.resetYes, lang),
            callback_data: toCallbackData({ kind: 'reset', revision, confirm: true }),
          },
          {
            text: localize(flow.texts.cancel, lang),
            callback_data: toCallbackData({ kind: 'reset', revision, confirm: false }),
          },
        ],
      ],
    },
  });
}

/** Language, reset and deletion buttons. */
export const accountActions: ActionHandlers<'lang' | 'resetAsk' | 'reset' | 'delete'> = {
  lang: async (ctx, deps, action, press) => {
    const applicant = await chooseLanguage(deps, press.userId, press.chatId, action.lang);
    await ctx.answerCbQuery();
    await clearButtons(ctx.telegram, press);
    await ctx.telegram.sendMessage(press.chatId, t(deps.flow, 'langChanged', action.lang), {
      parse_mode: 'HTML',
    });
    await continueInterview(ctx, deps, applicant);
  },
  resetAsk: async (ctx, deps, _action, press) => {
    const { applicant } = await openApplicant(deps, press.userId, press.chatId);
    await ctx.answerCbQuery();
    await askReset(ctx, deps, applicant);
  },
  reset: async (ctx, deps, action, press) => {
    const { flow } = deps;
    const lang = langOf(ctx);
    if (!action.confirm) {
      if (!(await currentInterview(deps, press.userId, action.revision)))
        return void (await ctx.answerCbQuery(localize(flow.texts.staleButton, lang)));
      await ctx.answerCbQuery();
      await clearButtons(ctx.telegram, press);
      await ctx.telegram.sendMessage(press.chatId, t(flow, 'cancelled', lang), { parse_mode: 'HTML' });
      return;
    }
    const step = await answerInterview(deps, press.userId, { type: 'reset', revision: action.revision });
    if (!step?.ok) {
      const locked = step?.reason === 'locked';
      const text = localize(locked ? flow.texts.dossierLocked : flow.texts.staleButton, lang);
      return void (await ctx.answerCbQuery(text, locked ? { show_alert: true } : {}));
    }
    await ctx.answerCbQuery();
    await clearButtons(ctx.telegram, press);
    await ctx.telegram.sendMessage(press.chatId, t(flow, 'resetDone', lang), { parse_mode: 'HTML' });
    await continueInterview(ctx, deps, step.applicant);
  },
  delete: async (ctx, deps, action, press) => {
    const lang = langOf(ctx);
    await ctx.answerCbQuery();
    await clearButtons(ctx.telegram, press);
    if (!action.confirm) {
      await ctx.telegram.sendMessage(press.chatId, t(deps.flow, 'cancelled', lang), { parse_mode: 'HTML' });
      return;
    }
    const deleted = await deleteMyData(deps, press.userId);
    await ctx.telegram.sendMessage(press.chatId, t(deps.flow, deleted ? 'deleted' : 'nothingStored', lang), {
      parse_mode: 'HTML',
    });
  },
};
