import { Composer, type Context, type Telegram } from 'telegraf';
import { listPortalFiles } from '../app/list-portal-files.js';
import type { Lang } from '../domain/text.js';
import type { ActionHandlers } from './action-handler.js';
import type { BotDeps } from './bot-deps.js';
import { t } from './render.js';
import { sendPortalFiles } from './send-portal-files.js';
import { langOf } from './update-lang.js';

/** /files, and the buttons that ask for every file or one material's: the pictures back, for the portal. */
export function filesComposer(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.command('files', (ctx) => handOver(ctx.telegram, deps, ctx.from.id, ctx.chat.id, langOf(ctx)));
  return composer;
}

export const filesActions: ActionHandlers<'files' | 'materialFiles'> = {
  files: async (ctx, deps, _action, press) => {
    await ctx.answerCbQuery();
    await handOver(ctx.telegram, deps, press.userId, press.chatId, langOf(ctx));
  },
  materialFiles: async (ctx, deps, action, press) => {
    await ctx.answerCbQuery();
    const materialId = Object.keys(deps.flow.materials)[action.material] ?? '';
    await handOver(ctx.telegram, deps, press.userId, press.chatId, langOf(ctx), materialId);
  },
};

/** Sends the applicant's files (all, or one material's) with a line saying what they are, or why none. */
async function handOver(
  telegram: Telegram,
  deps: BotDeps,
  userId: number,
  chatId: number,
  lang: Lang,
  materialId?: string,
): Promise<void> {
  const { flow } = deps;
  const outcome = await listPortalFiles(deps, userId, materialId);
  const say = (html: string) => telegram.sendMessage(chatId, html, { parse_mode: 'HTML' });
  if (outcome.kind === 'not_in_checklist') return void (await say(t(flow, 'staleButton', lang)));
  const count = outcome.kind === 'files' ? outcome.groups.reduce((n, g) => n + g.files.length, 0) : 0;
  if (outcome.kind === 'unknown' || count === 0) return void (await say(t(flow, 'filesNone', lang)));
  const maxBytes = flow.upload.maxBytes;
  // Chinese writes the number without a thousands separator (an ASCII comma in Chinese prose is wrong).
  const bytes = lang === 'en' ? maxBytes.toLocaleString('en-US') : String(maxBytes);
  await say(t(flow, 'filesIntro', lang, { count, bytes }));
  await sendPortalFiles(telegram, deps.pictures, chatId, outcome.groups);
}
