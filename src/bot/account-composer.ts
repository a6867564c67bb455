import { Composer, type Context } from 'telegraf';
import { type Applicant, newApplicant } from '../domain/applicant.js';
import { isEditable } from '../domain/dossier.js';
import { LANGS, type Lang, localize } from '../domain/text.js';
import { checklistOf, loadOrCreate, pendingQuestion, revised } from './applicant-record.js';
import { commandList } from './bot-commands.js';
import type { BotDeps } from './bot-deps.js';
import type { ButtonPress } from './button-press.js';
import type { CallbackAction } from './callback-data.js';
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
    const { applicant } = await loadOrCreate(deps, ctx.from.id, ctx.chat.id);
    const complete = pendingQuestion(deps, applicant) === undefined;
    const checklist = complete ? checklistOf(deps, applicant) : undefined;
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
    const { applicant } = await loadOrCreate(deps, ctx.from.id, ctx.chat.id);
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

type ResetOutcome =
  | { kind: 'stale'; lang: Lang | undefined }
  | { kind: 'cancelled'; lang: Lang }
  | { kind: 'locked'; lang: Lang }
  | { kind: 'reset'; applicant: Applicant; lang: Lang };

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

/** Handles language, reset and deletion buttons; returns false when the action is not one of them. */
export async function handleAccountAction(
  ctx: Context,
  deps: BotDeps,
  action: CallbackAction,
  press: ButtonPress,
): Promise<boolean> {
  const { flow } = deps;
  const { chatId } = press;
  const clearPressed = () => clearButtons(ctx.telegram, press);

  switch (action.kind) {
    case 'lang': {
      const applicant = await deps.applicants.update(press.userId, (current) => {
        const base =
          current ??
          newApplicant({
            userId: press.userId,
            chatId,
            lang: action.lang,
            flowId: flow.id,
            now: deps.clock.now(),
          });
        const record = { ...base, lang: action.lang, updatedAt: deps.clock.now().toISOString() };
        return { record, result: record };
      });
      await ctx.answerCbQuery();
      await clearPressed();
      await ctx.telegram.sendMessage(chatId, t(flow, 'langChanged', action.lang), { parse_mode: 'HTML' });
      await continueInterview(ctx, deps, applicant);
      return true;
    }
    case 'resetAsk': {
      const { applicant } = await loadOrCreate(deps, press.userId, chatId);
      await ctx.answerCbQuery();
      await askReset(ctx, deps, applicant);
      return true;
    }
    case 'reset': {
      const outcome = await deps.applicants.update<ResetOutcome>(press.userId, (current) => {
        if (!current || current.revision !== action.revision)
          return { result: { kind: 'stale', lang: current?.lang } };
        if (!action.confirm) return { result: { kind: 'cancelled', lang: current.lang } };
        if (!isEditable(current.dossier.state)) return { result: { kind: 'locked', lang: current.lang } };
        const record = revised(deps, current, { answers: {}, editing: undefined });
        return { record, result: { kind: 'reset', applicant: record, lang: current.lang } };
      });
      const lang = outcome.lang ?? langOf(ctx);
      if (outcome.kind === 'stale') {
        await ctx.answerCbQuery(localize(flow.texts.staleButton, lang));
        return true;
      }
      if (outcome.kind === 'locked') {
        await ctx.answerCbQuery(localize(flow.texts.dossierLocked, lang), { show_alert: true });
        return true;
      }
      await ctx.answerCbQuery();
      await clearPressed();
      if (outcome.kind === 'cancelled') {
        await ctx.telegram.sendMessage(chatId, t(flow, 'cancelled', lang), { parse_mode: 'HTML' });
        return true;
      }
      await ctx.telegram.sendMessage(chatId, t(flow, 'resetDone', lang), { parse_mode: 'HTML' });
      await continueInterview(ctx, deps, outcome.applicant);
      return true;
    }
    case 'delete': {
      const lang = langOf(ctx);
      await ctx.answerCbQuery();
      await clearPressed();
      if (!action.confirm) {
        await ctx.telegram.sendMessage(chatId, t(flow, 'cancelled', lang), { parse_mode: 'HTML' });
        return true;
      }
      const deleted = await deps.applicants.delete(press.userId);
      await deps.photoFiles.removeAll(press.userId);
      await deps.notifier.forget(press.userId);
      await ctx.telegram.sendMessage(chatId, t(flow, deleted ? 'deleted' : 'nothingStored', lang), {
        parse_mode: 'HTML',
      });
      return true;
    }
    default:
      return false;
  }
}
