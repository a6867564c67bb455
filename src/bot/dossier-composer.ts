import { Composer, type Context } from 'telegraf';
import type { Applicant } from '../domain/applicant.js';
import type { ChecklistMaterial } from '../domain/checklist.js';
import {
  type DossierPhoto,
  missingMaterials,
  photosOf,
  redoPending,
  removePhoto,
  startReplacing,
  transition,
} from '../domain/dossier.js';
import { type Lang, localize } from '../domain/text.js';
import { checklistOf, loadOrCreate } from './applicant-record.js';
import type { BotDeps } from './bot-deps.js';
import type { ButtonPress } from './button-press.js';
import { type CallbackAction, toCallbackData } from './callback-data.js';
import {
  materialAt,
  materialPromptView,
  materialsMenuView,
  missingView,
  redoPendingView,
} from './dossier-views.js';
import { showPhotoList } from './photo-list.js';
import { t } from './render.js';
import { clearButtons, sendView } from './send-view.js';
import { langOf } from './update-lang.js';
import { sendUploadRefusal } from './upload-refusal-view.js';
import { type UploadRefusal, uploadRefusal, uploadTarget } from './upload-target.js';

/** /upload and /submit, and the buttons to pick a material, list, delete or replace its pictures, and submit. */
export function dossierComposer(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();

  composer.command('upload', async (ctx) => {
    const { applicant } = await loadOrCreate(deps, ctx.from.id, ctx.chat.id);
    await showMaterials(ctx, deps, applicant, ctx.chat.id);
  });

  composer.command('submit', async (ctx) => {
    const { applicant } = await loadOrCreate(deps, ctx.from.id, ctx.chat.id);
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
    materialsMenuView(flow, applicant, checklistOf(deps, applicant).materials),
  );
}

type SubmitOutcome =
  | { kind: 'submitted' | 'already'; lang: Lang }
  | { kind: 'refused'; applicant: Applicant; refusal: UploadRefusal }
  | { kind: 'missing' | 'redo_pending'; applicant: Applicant; materials: readonly ChecklistMaterial[] };

type RemoveOutcome =
  | { ok: false; lang: Lang; reason: 'locked' | 'not_found' }
  | { ok: true; lang: Lang; applicant: Applicant; photo: DossierPhoto };

/**
 * Submits a complete dossier. A returned one whose materials marked for redo have no new picture is
 * submitted only when the applicant confirms (`anyway`): resubmitting unchanged is rarely what they meant.
 */
async function submit(
  ctx: Context,
  deps: BotDeps,
  userId: number,
  chatId: number,
  anyway: boolean,
): Promise<void> {
  const { flow } = deps;
  const outcome = await deps.applicants.update<SubmitOutcome | undefined>(userId, (current) => {
    if (!current) return { result: undefined };
    if (current.dossier.state === 'submitted') return { result: { kind: 'already', lang: current.lang } };
    const refusal = uploadRefusal(deps, current);
    if (refusal) return { result: { kind: 'refused', applicant: current, refusal } };
    const { materials } = checklistOf(deps, current);
    if (missingMaterials(current.dossier, materials).length > 0)
      return { result: { kind: 'missing', applicant: current, materials } };
    if (!anyway && redoPending(current.dossier, materials).length > 0)
      return { result: { kind: 'redo_pending', applicant: current, materials } };
    const moved = transition(current.dossier, { type: 'submit', at: deps.clock.now().toISOString() });
    if (!moved.ok) return { result: { kind: 'refused', applicant: current, refusal: closed } };
    const record = { ...current, dossier: moved.dossier, updatedAt: deps.clock.now().toISOString() };
    return { record, result: { kind: 'submitted', lang: current.lang } };
  });
  if (!outcome) return;
  switch (outcome.kind) {
    case 'submitted':
    case 'already':
      await ctx.telegram.sendMessage(
        chatId,
        t(flow, outcome.kind === 'submitted' ? 'submitted' : 'alreadySubmitted', outcome.lang),
        { parse_mode: 'HTML' },
      );
      return;
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

const closed: UploadRefusal = { ok: false, say: 'dossierClosed' };

/** Handles the dossier's buttons; returns false when the action is not one of them. */
export async function handleDossierAction(
  ctx: Context,
  deps: BotDeps,
  action: CallbackAction,
  press: ButtonPress,
): Promise<boolean> {
  const { flow } = deps;
  const { chatId } = press;

  switch (action.kind) {
    case 'materials': {
      const { applicant } = await loadOrCreate(deps, press.userId, chatId);
      await ctx.answerCbQuery();
      await showMaterials(ctx, deps, applicant, chatId);
      return true;
    }
    case 'material': {
      const chosen = await deps.applicants.update(press.userId, (current) => {
        if (!current) return { result: undefined };
        const material = materialAt(flow, checklistOf(deps, current).materials, action.material);
        if (!material || uploadRefusal(deps, current)) return { result: { applicant: current, material } };
        const record = { ...current, dossier: { ...current.dossier, currentMaterial: material.id } };
        return { record, result: { applicant: record, material } };
      });
      if (!chosen?.material) {
        await ctx.answerCbQuery(localize(flow.texts.staleButton, langOf(ctx)));
        return true;
      }
      await ctx.answerCbQuery();
      await sendView(ctx.telegram, chatId, materialPromptView(flow, chosen.applicant, chosen.material));
      return true;
    }
    case 'viewPhotos': {
      const applicant = await deps.applicants.get(press.userId);
      const material = applicant && materialAt(flow, checklistOf(deps, applicant).materials, action.material);
      if (!applicant || !material) {
        await ctx.answerCbQuery(localize(flow.texts.staleButton, langOf(ctx)));
        return true;
      }
      await ctx.answerCbQuery();
      await showPhotoList(ctx.telegram, deps, press.userId, chatId, material.id);
      return true;
    }
    case 'deletePhoto':
      await askDelete(ctx, deps, press, action.photo);
      return true;
    case 'cancelDelete': {
      const lang = langOf(ctx);
      await ctx.answerCbQuery(localize(flow.texts.cancelled, lang));
      await clearButtons(ctx.telegram, press);
      return true;
    }
    case 'confirmDelete':
    case 'replacePhoto': {
      const outcome = await deps.applicants.update<RemoveOutcome>(press.userId, (current) => {
        if (!current) return { result: { ok: false, lang: langOf(ctx), reason: 'not_found' } };
        const changed =
          action.kind === 'confirmDelete'
            ? removePhoto(current.dossier, action.photo)
            : startReplacing(current.dossier, action.photo);
        if (!changed.ok) return { result: { ok: false, lang: current.lang, reason: changed.reason } };
        const photo = 'removed' in changed ? changed.removed : changed.photo;
        const dossier = { ...changed.dossier, currentMaterial: photo.materialId };
        const record = { ...current, dossier, updatedAt: deps.clock.now().toISOString() };
        return { record, result: { ok: true, lang: current.lang, applicant: record, photo } };
      });
      if (!outcome.ok) {
        const key = outcome.reason === 'locked' ? 'dossierLocked' : 'staleButton';
        await ctx.answerCbQuery(localize(flow.texts[key], outcome.lang));
        return true;
      }
      await ctx.answerCbQuery();
      const { applicant, photo, lang } = outcome;
      const material = checklistOf(deps, applicant).materials.find((m) => m.id === photo.materialId);
      const title = material?.title[lang] ?? photo.materialId;
      if (action.kind === 'replacePhoto') {
        const n = photosOf(applicant.dossier, photo.materialId).indexOf(photo) + 1;
        await ctx.telegram.sendMessage(chatId, t(flow, 'replacePrompt', lang, { title, n }), {
          parse_mode: 'HTML',
        });
        return true;
      }
      await deps.photoFiles.remove(photo.file);
      await clearButtons(ctx.telegram, press);
      const have = photosOf(applicant.dossier, photo.materialId).length;
      const text = t(flow, 'photoDeleted', lang, { title, have, max: material?.photos.max ?? 0 });
      await ctx.telegram.sendMessage(chatId, text, { parse_mode: 'HTML' });
      return true;
    }
    case 'submit':
    case 'submitAnyway':
      await ctx.answerCbQuery();
      await submit(ctx, deps, press.userId, chatId, action.kind === 'submitAnyway');
      return true;
    default:
      return false;
  }
}

/** Deleting a picture is asked first: it cannot be undone, and the applicant would have to photograph it again. */
async function askDelete(ctx: Context, deps: BotDeps, press: ButtonPress, photoId: string): Promise<void> {
  const { flow } = deps;
  const applicant = await deps.applicants.get(press.userId);
  const photo = applicant?.dossier.photos.find((p) => p.id === photoId);
  if (!applicant || !photo) {
    await ctx.answerCbQuery(localize(flow.texts.staleButton, langOf(ctx)));
    return;
  }
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
