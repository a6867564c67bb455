import { Composer, type Context } from 'telegraf';
import { deletePicture, replacePicture } from '../app/change-pictures.js';
import { chooseMaterial } from '../app/choose-material.js';
import { openApplicant } from '../app/open-applicant.js';
import { submitDossier } from '../app/submit-dossier.js';
import { uploadTarget } from '../app/upload-permission.js';
import type { Applicant } from '../domain/applicant.js';
import { checklistOf } from '../domain/applicant-progress.js';
import { photosOf } from '../domain/dossier.js';
import { localize } from '../domain/text.js';
import type { ActionHandlers } from './action-handler.js';
import type { BotDeps } from './bot-deps.js';
import type { ButtonPress } from './button-press.js';
import { toCallbackData } from './callback-data.js';
import { materialPromptView, materialsMenuView, missingView, redoPendingView } from './dossier-views.js';
import { showPhotoList } from './photo-list.js';
import { t } from './render.js';
import { clearButtons, sendView } from './send-view.js';
import { langOf } from './update-lang.js';
import { sendUploadRefusal } from './upload-refusal-view.js';

/** /upload and /submit, and the buttons to pick a material, list, delete or replace its pictures, and submit. */
export function dossierComposer(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();

  composer.command('upload', async (ctx) => {
    const { applicant } = await openApplicant(deps, ctx.from.id, ctx.chat.id);
    await showMaterials(ctx, deps, applicant, ctx.chat.id);
  });

  composer.command('submit', async (ctx) => {
    const { applicant } = await openApplicant(deps, ctx.from.id, ctx.chat.id);
    await submit(ctx, deps, applicant.userId, ctx.chat.id, false);
  });

  return composer;
}

async function showMaterials(
  ctx: Context,
  deps: BotDeps,
  applicant: Applicant,
  chatId: number,
): Promise<void> {
  const { flow } = deps;
  const target = uploadTarget(deps, applicant);
  if (!target.ok && target.say !== 'allMaterialsComplete' && target.say !== 'chooseMaterialFirst') {
    await sendUploadRefusal(ctx.telegram, deps, applicant, target);
    return;
  }
  await sendView(
    ctx.telegram,
    chatId,
    materialsMenuView(flow, applicant, checklistOf(deps.flow, applicant).materials),
  );
}

/** Submits, and tells the applicant what became of it. */
async function submit(
  ctx: Context,
  deps: BotDeps,
  userId: number,
  chatId: number,
  anyway: boolean,
): Promise<void> {
  const { flow } = deps;
  const outcome = await submitDossier(deps, userId, { anyway });
  switch (outcome.kind) {
    case 'unknown':
      return;
    case 'submitted':
    case 'already': {
      const key = outcome.kind === 'submitted' ? 'submitted' : 'alreadySubmitted';
      await ctx.telegram.sendMessage(chatId, t(flow, key, outcome.applicant.lang), { parse_mode: 'HTML' });
      return;
    }
    case 'refused':
      await sendUploadRefusal(ctx.telegram, deps, outcome.applicant, outcome.refusal);
      return;
    case 'missing':
      await sendView(ctx.telegram, chatId, missingView(flow, outcome.applicant, outcome.materials));
      return;
    case 'redo_pending':
      await sendView(ctx.telegram, chatId, redoPendingView(flow, outcome.applicant, outcome.materials));
      return;
  }
}

/** Answers a press on a picture that is gone or a dossier that is locked. */
async function refusePictureChange(
  ctx: Context,
  deps: BotDeps,
  reason: 'locked' | 'not_found',
): Promise<void> {
  const key = reason === 'locked' ? 'dossierLocked' : 'staleButton';
  await ctx.answerCbQuery(localize(deps.flow.texts[key], langOf(ctx)));
}

/** The dossier's buttons: pick a material, list, delete or replace its pictures, submit. */
export const dossierActions: ActionHandlers<
  | 'materials'
  | 'material'
  | 'viewPhotos'
  | 'deletePhoto'
  | 'confirmDelete'
  | 'cancelDelete'
  | 'replacePhoto'
  | 'submit'
  | 'submitAnyway'
> = {
  materials: async (ctx, deps, _action, press) => {
    const { applicant } = await openApplicant(deps, press.userId, press.chatId);
    await ctx.answerCbQuery();
    await showMaterials(ctx, deps, applicant, press.chatId);
  },
  material: async (ctx, deps, action, press) => {
    const { flow } = deps;
    const chosen = await chooseMaterial(
      deps,
      press.userId,
      Object.keys(flow.materials)[action.material] ?? '',
    );
    if (!chosen.material || !chosen.applicant)
      return void (await ctx.answerCbQuery(localize(flow.texts.staleButton, langOf(ctx))));
    await ctx.answerCbQuery();
    await sendView(ctx.telegram, press.chatId, materialPromptView(flow, chosen.applicant, chosen.material));
  },
  viewPhotos: async (ctx, deps, action, press) => {
    const materialId = Object.keys(deps.flow.materials)[action.material] ?? '';
    await ctx.answerCbQuery();
    if (!(await showPhotoList(ctx.telegram, deps, press.userId, press.chatId, materialId)))
      await ctx.telegram.sendMessage(press.chatId, t(deps.flow, 'staleButton', langOf(ctx)), {
        parse_mode: 'HTML',
      });
  },
  deletePhoto: (ctx, deps, action, press) => askDelete(ctx, deps, press, action.photo),
  cancelDelete: async (ctx, deps, _action, press) => {
    await ctx.answerCbQuery(localize(deps.flow.texts.cancelled, langOf(ctx)));
    await clearButtons(ctx.telegram, press);
  },
  confirmDelete: async (ctx, deps, action, press) => {
    const { flow } = deps;
    const outcome = await deletePicture(deps, press.userId, action.photo);
    if (!outcome.ok) return refusePictureChange(ctx, deps, outcome.reason);
    await ctx.answerCbQuery();
    await clearButtons(ctx.telegram, press);
    const { applicant, photo } = outcome;
    const { lang } = applicant;
    const material = checklistOf(deps.flow, applicant).materials.find((m) => m.id === photo.materialId);
    const title = material?.title[lang] ?? photo.materialId;
    const have = photosOf(applicant.dossier, photo.materialId).length;
    const text = t(flow, 'photoDeleted', lang, { title, have, max: material?.photos.max ?? 0 });
    await ctx.telegram.sendMessage(press.chatId, text, { parse_mode: 'HTML' });
  },
  replacePhoto: async (ctx, deps, action, press) => {
    const outcome = await replacePicture(deps, press.userId, action.photo);
    if (!outcome.ok) return refusePictureChange(ctx, deps, outcome.reason);
    await ctx.answerCbQuery();
    const { applicant, photo } = outcome;
    const { lang } = applicant;
    const title = deps.flow.materials[photo.materialId]?.title[lang] ?? photo.materialId;
    const n = photosOf(applicant.dossier, photo.materialId).findIndex((p) => p.id === photo.id) + 1;
    await ctx.telegram.sendMessage(press.chatId, t(deps.flow, 'replacePrompt', lang, { title, n }), {
      parse_mode: 'HTML',
    });
  },
  submit: async (ctx, deps, _action, press) => {
    await ctx.answerCbQuery();
    await submit(ctx, deps, press.userId, press.chatId, false);
  },
  submitAnyway: async (ctx, deps, _action, press) => {
    await ctx.answerCbQuery();
    await submit(ctx, deps, press.userId, press.chatId, true);
  },
};

/** Deleting a picture is asked first: it cannot be undone, and the applicant would have to photograph it again. */
async function askDelete(ctx: Context, deps: BotDeps, press: ButtonPress, photoId: string): Promise<void> {
  const { flow } = deps;
  const applicant = await deps.applicants.get(press.userId);
  const photo = applicant?.dossier.photos.find((p) => p.id === photoId);
  if (!applicant || !photo) return refusePictureChange(ctx, deps, 'not_found');
  const { lang } = applicant;
  await ctx.answerCbQuery();
  const title = flow.materials[photo.materialId]?.title[lang] ?? photo.materialId;
  const n = photosOf(applicant.dossier, photo.materialId).indexOf(photo) + 1;
  await sendView(ctx.telegram, press.chatId, {
    html: t(flow, 'deletePhotoConfirm', lang, { title, n }),
    buttons: [
      [
        {
          text: localize(flow.texts.deleteYes, lang),
          data: toCallbackData({ kind: 'confirmDelete', photo: photoId }),
        },
        { text: localize(flow.texts.cancel, lang), data: toCallbackData({ kind: 'cancelDelete' }) },
      ],
    ],
  });
}
