import { Composer, type Context } from 'telegraf';
import { markReturned } from '../app/open-applicant.js';
import { localize } from '../domain/text.js';
import type { BotDeps } from './bot-deps.js';
import { nextStepKey } from './render.js';
import { langOf, setLangOf } from './update-lang.js';

/**
 * Runs before everything else: the assistant handles personal data, so it talks only in private chats;
 * in a group it answers a command with one sentence and ignores the rest. Edited messages never change an
 * answer silently: the applicant is told to send a new message instead.
 */
export function guardComposer(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const { flow } = deps;

  composer.use(async (ctx, next) => {
    const chat = ctx.chat;
    const applicant = ctx.from ? await deps.applicants.get(ctx.from.id) : undefined;
    setLangOf(ctx, applicant?.lang);
    if (chat?.type === 'private' && applicant?.inactive) await markReturned(deps, applicant.userId);
    if (!chat || chat.type === 'private') return next();
    if (ctx.callbackQuery) return ctx.answerCbQuery();
    const text = ctx.message && 'text' in ctx.message ? ctx.message.text : undefined;
    if (text?.startsWith('/')) await ctx.reply(localize(flow.texts.groupChat, langOf(ctx)));
  });

  composer.on('edited_message', async (ctx) => {
    await ctx.reply(localize(flow.texts.editedMessage, langOf(ctx)));
  });

  return composer;
}

/** Runs after everything else: whatever no handler took gets a short helpful answer. */
export function fallbackComposer(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const { flow } = deps;

  composer.on('message', async (ctx) => {
    const lang = langOf(ctx);
    const message = ctx.message;
    if ('text' in message && !message.text.startsWith('/')) {
      const applicant = await deps.applicants.get(ctx.from.id);
      const key = applicant ? nextStepKey(applicant) : 'statusNone';
      await ctx.reply(localize(flow.texts[key], lang));
      return;
    }
    await ctx.reply(localize(flow.texts.unsupportedMessage, lang));
  });

  return composer;
}
