import { Composer, type Context } from 'telegraf';
import type { Applicant } from '../domain/applicant.js';
import type { ChecklistMaterial } from '../domain/checklist.js';
import {
  type DossierPhoto,
  isEditable,
  missingMaterials,
  photosOf,
  removePhoto,
  transition,
} from '../domain/dossier.js';
import { type Lang, localize } from '../domain/text.js';
import { checklistOf, loadOrCreate, pendingQuestion } from './applicant-record.js';
import type { BotDeps } from './bot-deps.js';
import type { ButtonPress } from './button-press.js';
import type { CallbackAction } from './callback-data.js';
import {
  materialAt,
  materialPromptView,
  materialsMenuView,
  missingView,
  photoListView,
} from './dossier-views.js';
import { t } from './render.js';
import { sendView } from './send-view.js';
import { uploadTarget } from './upload-target.js';

/** /upload and /submit, and the buttons to pick a material, list, delete or replace its pictures, and submit. */
export function dossierComposer(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();

  composer.command('upload', async (ctx) => {
    const { applicant } = await loadOrCreate(deps, ctx.from.id, ctx.chat.id);
    await showMaterials(ctx, deps, applicant, ctx.chat.id);
  });

  composer.command('submit', async (ctx) => {
    const { applicant } = await loadOrCreate(deps, ctx.from.id, ctx.chat.id);
    await submit(ctx, deps, applicant.userId, ctx.chat.id);
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
  if (!target.ok && target.say !== 'allMaterialsComplete') {
    await ctx.telegram.sendMessage(chatId, t(flow, target.say, applicant.lang), { parse_mode: 'HTML' });
    return;
  }
  await sendView(
    ctx.telegram,
    chatId,
    materialsMenuView(flow, applicant, checklistOf(deps, applicant).materials),
  );
}

type SubmitOutcome =
  | { kind: 'submitted' | 'already' | 'closed' | 'ineligible' | 'not_ready'; lang: Lang }
  | { kind: 'missing'; lang: Lang; applicant: Applicant; materials: readonly ChecklistMaterial[] };

type RemoveOutcome =
  | { ok: false; lang: Lang; reason: 'locked' | 'not_found' }
  | { ok: true; lang: Lang; applicant: Applicant; removed: DossierPhoto };

async function submit(ctx: Context, deps: BotDeps, userId: number, chatId: number): Promise<void> {
  const { flow } = deps;
  const outcome = await deps.applicants.update<SubmitOutcome>(userId, (current) => {
    if (!current) return { result: { kind: 'not_ready', lang: 'zh' } };
    const { lang } = current;
    if (current.dossier.state === 'submitted') return { result: { kind: 'already', lang } };
    if (!isEditable(current.dossier.state)) return { result: { kind: 'closed', lang } };
    if (pendingQuestion(deps, current)) return { result: { kind: 'not_ready', lang } };
    const checklist = checklistOf(deps, current);
    if (!checklist.eligible) return { result: { kind: 'ineligible', lang } };
    if (missingMaterials(current.dossier, checklist.materials).length > 0) {
      return { result: { kind: 'missing', lang, applicant: current, materials: checklist.materials } };
    }
    const moved = transition(current.dossier, { type: 'submit', at: deps.clock.now().toISOString() });
    if (!moved.ok) return { result: { kind: 'closed', lang } };
    const record = { ...current, dossier: moved.dossier, updatedAt: deps.clock.now().toISOString() };
    return { record, result: { kind: 'submitted', lang } };
  });
  const say = (key: Parameters<typeof t>[1]) =>
    ctx.telegram.sendMessage(chatId, t(flow, key, outcome.lang), { parse_mode: 'HTML' });
  switch (outcome.kind) {
    case 'submitted':
      await say('submitted');
      return;
    case 'already':
      await say('alreadySubmitted');
      return;
    case 'closed':
      await say('dossierClosed');
      return;
    case 'ineligible':
      await say('uploadIneligible');
      return;
    case 'not_ready':
      await say('uploadNotReady');
      return;
    case 'missing':
      await sendView(ctx.telegram, chatId, missingView(flow, outcome.applicant, outcome.materials));
      return;
  }
}

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
        if (!material || !isEditable(current.dossier.state))
          return { result: { applicant: current, material } };
        const record = { ...current, dossier: { ...current.dossier, currentMaterial: material.id } };
        return { record, result: { applicant: record, material } };
      });
      if (!chosen?.material) {
        await ctx.answerCbQuery(localize(flow.texts.staleButton, chosen?.applicant.lang ?? 'zh'));
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
        await ctx.answerCbQuery(localize(flow.texts.staleButton, applicant?.lang ?? 'zh'));
        return true;
      }
      await ctx.answerCbQuery();
      const photos = photosOf(applicant.dossier, material.id);
      if (photos.length >= 2) {
        await ctx.telegram.sendMediaGroup(
          chatId,
          photos.slice(0, 10).map((p) => ({ type: 'photo' as const, media: p.fileId })),
        );
      } else if (photos[0]) {
        await ctx.telegram.sendPhoto(chatId, photos[0].fileId);
      }
      await sendView(
        ctx.telegram,
        chatId,
        photoListView(flow, applicant, material, photos, isEditable(applicant.dossier.state)),
      );
      return true;
    }
    case 'deletePhoto':
    case 'replacePhoto': {
      const outcome = await deps.applicants.update<RemoveOutcome>(press.userId, (current) => {
        if (!current) return { result: { ok: false, lang: 'zh', reason: 'not_found' } };
        const removed = removePhoto(current.dossier, action.photo);
        if (!removed.ok) return { result: { ok: false, lang: current.lang, reason: removed.reason } };
        const dossier = { ...removed.dossier, currentMaterial: removed.removed.materialId };
        const record = { ...current, dossier, updatedAt: deps.clock.now().toISOString() };
        return {
          record,
          result: { ok: true, lang: current.lang, applicant: record, removed: removed.removed },
        };
      });
      if (!outcome.ok) {
        const key = outcome.reason === 'locked' ? 'dossierLocked' : 'staleButton';
        await ctx.answerCbQuery(localize(flow.texts[key], outcome.lang));
        return true;
      }
      await ctx.answerCbQuery();
      await deps.photoFiles.remove(outcome.removed.file);
      const { applicant, removed, lang } = outcome;
      const material = checklistOf(deps, applicant).materials.find((m) => m.id === removed.materialId);
      const title = material?.title[lang] ?? removed.materialId;
      const have = photosOf(applicant.dossier, removed.materialId).length;
      const text =
        action.kind === 'replacePhoto'
          ? t(flow, 'replacePrompt', lang, { title })
          : t(flow, 'photoDeleted', lang, { title, have, max: material?.photos.max ?? 0 });
      await ctx.telegram.sendMessage(chatId, text, { parse_mode: 'HTML' });
      return true;
    }
    case 'submit':
      await ctx.answerCbQuery();
      await submit(ctx, deps, press.userId, chatId);
      return true;
    default:
      return false;
  }
}
