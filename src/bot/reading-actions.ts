import { movePicture } from '../app/move-picture.js';
import { localize } from '../domain/text.js';
import type { ActionHandlers } from './action-handler.js';
import { alreadyMovedText, keptText, movedView, targetFullText } from './reading-views.js';
import { clearButtons } from './send-view.js';
import { langOf } from './update-lang.js';

/** The answers to "this looks like another material": move the picture there, or keep it where it is. */
export const readingActions: ActionHandlers<'movePhoto' | 'keepPhoto'> = {
  movePhoto: async (ctx, deps, action, press) => {
    const { flow } = deps;
    const target = Object.keys(flow.materials)[action.material] ?? '';
    const outcome = await movePicture(deps, press.userId, action.photo, target);
    const lang = outcome.applicant?.lang ?? langOf(ctx);
    if (!outcome.ok) {
      if (outcome.reason === 'full' && outcome.max !== undefined) {
        await ctx.answerCbQuery();
        await ctx.telegram.sendMessage(press.chatId, targetFullText(flow, lang, target, outcome.max), {
          parse_mode: 'HTML',
        });
        return;
      }
      if (outcome.reason === 'already_there') {
        await ctx.answerCbQuery(alreadyMovedText(flow, lang, target));
        await clearButtons(ctx.telegram, press);
        return;
      }
      const key = outcome.reason === 'locked' ? 'dossierLocked' : 'staleButton';
      await ctx.answerCbQuery(localize(flow.texts[key], lang));
      return;
    }
    await ctx.answerCbQuery();
    await clearButtons(ctx.telegram, press);
    const { to, from } = outcome;
    const html = movedView(flow, lang, {
      to: to.material.id,
      toHave: to.have,
      toMax: to.material.photos.max,
      from: from.id,
      fromHave: from.have,
      fromMax: from.material?.photos.max ?? 0,
    });
    await ctx.telegram.sendMessage(press.chatId, html, { parse_mode: 'HTML' });
  },
  keepPhoto: async (ctx, deps, action, press) => {
    const applicant = await deps.applicants.get(press.userId);
    const photo = applicant?.dossier.photos.find((p) => p.id === action.photo);
    const lang = applicant?.lang ?? langOf(ctx);
    if (!photo) return void (await ctx.answerCbQuery(localize(deps.flow.texts.staleButton, lang)));
    await ctx.answerCbQuery(keptText(deps.flow, lang, photo.materialId));
    await clearButtons(ctx.telegram, press);
  },
};
