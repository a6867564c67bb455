import { randomBytes } from 'node:crypto';
import { Composer, type Context, type Telegram } from 'telegraf';
import type { Message } from 'telegraf/types';
import type { Applicant } from '../domain/applicant.js';
import type { ChecklistMaterial } from '../domain/checklist.js';
import { addPhoto, type DossierPhoto, missingMaterials, nextMaterialToUpload } from '../domain/dossier.js';
import { type Lang, localize } from '../domain/text.js';
import { checklistOf } from './applicant-record.js';
import type { BotDeps } from './bot-deps.js';
import { toCallbackData } from './callback-data.js';
import type { ChatQueue } from './chat-queue.js';
import { materialIndex, materialPromptView } from './dossier-views.js';
import { t } from './render.js';
import { sendView } from './send-view.js';
import { DEFAULT_LANG, langOf } from './update-lang.js';
import { sendUploadRefusal } from './upload-refusal-view.js';
import { uploadTarget } from './upload-target.js';

/** Telegram's Bot API refuses to hand bots files over 20 MB (getFile). */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

interface IncomingPicture {
  readonly fileId: string;
  readonly fileUniqueId: string;
  readonly fileSize?: number;
  readonly mediaGroupId?: string;
}

/** The picture in a message: the largest size of a photo (never the thumbnail), or an image document. */
function pictureOf(message: Message): IncomingPicture | 'pdf' | 'video' | undefined {
  const mediaGroupId = 'media_group_id' in message ? message.media_group_id : undefined;
  if ('photo' in message) {
    const largest = message.photo.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    return {
      fileId: largest.file_id,
      fileUniqueId: largest.file_unique_id,
      fileSize: largest.file_size,
      mediaGroupId,
    };
  }
  if ('animation' in message || 'video' in message || 'video_note' in message) return 'video';
  if ('document' in message) {
    const doc = message.document;
    if (doc.mime_type === 'application/pdf' || doc.file_name?.toLowerCase().endsWith('.pdf')) return 'pdf';
    return { fileId: doc.file_id, fileUniqueId: doc.file_unique_id, fileSize: doc.file_size, mediaGroupId };
  }
  return undefined;
}

async function download(telegram: Telegram, fileId: string): Promise<Uint8Array> {
  const link = await telegram.getFileLink(fileId);
  const response = await fetch(link);
  if (!response.ok) throw new Error(`file download failed: HTTP ${response.status}`);
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_DOWNLOAD_BYTES) throw new Error('file over the download limit');
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Document photos sent as photos or files, singly or as albums. The handler only decides where a picture
 * goes and queues the work; the download, the check and the count happen off the update path, one chat's
 * pictures in the order they were sent. Counting happens under the applicant's lock, so the pictures of an
 * album are each counted once, whatever order their updates arrive in.
 */
export function photoIntakeComposer(deps: BotDeps, queue: ChatQueue): Composer<Context> {
  const composer = new Composer<Context>();
  const { flow } = deps;

  composer.on(['photo', 'document', 'video', 'animation', 'video_note'], async (ctx) => {
    const applicant = await deps.applicants.get(ctx.from.id);
    const lang = langOf(ctx);
    const picture = pictureOf(ctx.message);
    if (picture === 'video' || picture === undefined)
      return void (await ctx.reply(localize(flow.texts.videoNotAccepted, lang)));
    if (picture === 'pdf') return void (await ctx.reply(localize(flow.texts.pdfNotAccepted, lang)));
    if (!applicant) return void (await ctx.reply(localize(flow.texts.uploadNotReady, lang)));
    if (picture.fileSize !== undefined && picture.fileSize > MAX_DOWNLOAD_BYTES) {
      return void (await ctx.reply(localize(flow.texts.fileTooBig, lang)));
    }
    const target = uploadTarget(deps, applicant);
    if (!target.ok) return void (await sendUploadRefusal(ctx.telegram, deps, applicant, target));
    const materialId = target.material.id;
    const { telegram } = ctx;
    const userId = ctx.from.id;
    const chatId = ctx.chat.id;
    queue.push(chatId, () => receivePicture({ deps, telegram, userId, chatId, materialId, picture }));
  });

  return composer;
}

type AddOutcome =
  | {
      ok: false;
      reason: 'gone' | 'locked' | 'full' | 'duplicate' | 'not_in_checklist';
      lang: Lang;
      max?: number;
    }
  | {
      ok: true;
      applicant: Applicant;
      material: ChecklistMaterial;
      count: number;
      next: ChecklistMaterial | undefined;
      missing: number;
      /** The picture this one replaced (deleted from disk once the change is stored). */
      replaced?: DossierPhoto;
      position: number;
    };

interface Receipt {
  readonly deps: BotDeps;
  readonly telegram: Telegram;
  readonly userId: number;
  readonly chatId: number;
  readonly materialId: string;
  readonly picture: IncomingPicture;
}

async function receivePicture({
  deps,
  telegram,
  userId,
  chatId,
  materialId,
  picture,
}: Receipt): Promise<void> {
  const { flow } = deps;
  const langNow = async () => (await deps.applicants.get(userId))?.lang ?? DEFAULT_LANG;
  const say = async (html: string) => {
    await telegram.sendMessage(chatId, html, { parse_mode: 'HTML' });
  };
  let verdict: Awaited<ReturnType<BotDeps['photos']['check']>>;
  try {
    verdict = await deps.photos.check(() => download(telegram, picture.fileId));
  } catch (error) {
    deps.log.warn({ err: error }, 'photo could not be downloaded or checked');
    return say(t(flow, 'photoProcessingFailed', await langNow()));
  }
  const output = verdict.output;
  if (!verdict.ok || !output) {
    const lang = await langNow();
    const reasons = verdict.problems.map((p) => flow.upload.messages[p.code]?.[lang] ?? p.code).join(' ');
    return say(t(flow, 'photoRejected', lang, { reason: reasons }));
  }

  const photoId = randomBytes(6).toString('hex');
  const hash = await deps.photos.hash(output.bytes);
  const file = await deps.photoFiles.save(userId, photoId, output.format, output.bytes);
  const photo: DossierPhoto = {
    id: photoId,
    materialId,
    fileId: picture.fileId,
    fileUniqueId: picture.fileUniqueId,
    hash,
    file,
    format: output.format,
    bytes: output.bytes.byteLength,
    width: output.width,
    height: output.height,
    addedAt: deps.clock.now().toISOString(),
    ...(picture.mediaGroupId && { mediaGroupId: picture.mediaGroupId }),
  };

  const outcome = await deps.applicants.update<AddOutcome>(userId, (current) => {
    if (!current) return { result: { ok: false, reason: 'gone', lang: DEFAULT_LANG } };
    const materials = checklistOf(deps, current).materials;
    const material = materials.find((m) => m.id === materialId);
    const added = addPhoto(current.dossier, material, photo, deps.photos.distance);
    if (!added.ok || !material) {
      const reason = added.ok ? 'not_in_checklist' : added.reason;
      return { result: { ok: false, reason, lang: current.lang, max: material?.photos.max ?? 0 } };
    }
    // Full: lead on to the next material marked for redo or still missing pictures.
    const full = added.count >= material.photos.max;
    const next = full ? nextMaterialToUpload(added.dossier, materials) : undefined;
    const dossier = { ...added.dossier, currentMaterial: full ? next?.id : material.id };
    const record = { ...current, dossier, updatedAt: deps.clock.now().toISOString() };
    const missing = missingMaterials(dossier, materials).length;
    const position = dossier.photos.filter((p) => p.materialId === materialId).indexOf(photo) + 1;
    const { count, replaced } = added;
    return {
      record,
      result: { ok: true, applicant: record, material, count, next, missing, replaced, position },
    };
  });

  if (!outcome.ok) {
    await deps.photoFiles.remove(file);
    const { lang } = outcome;
    const title = flow.materials[materialId]?.title[lang] ?? materialId;
    if (outcome.reason === 'duplicate') return say(t(flow, 'duplicatePhoto', lang));
    if (outcome.reason === 'full') {
      // A full material takes no more; the button leads to its pictures, to replace one.
      const html = t(flow, 'materialFull', lang, { title, max: outcome.max ?? 0 });
      const see = localize(flow.texts.viewPhotos, lang);
      const data = toCallbackData({ kind: 'viewPhotos', material: materialIndex(flow, materialId) });
      return sendView(telegram, chatId, { html, buttons: [[{ text: see, data }]] });
    }
    if (outcome.reason === 'locked') return say(t(flow, 'dossierLocked', lang));
    return say(t(flow, 'photoProcessingFailed', lang));
  }

  const { applicant, material, count, next, missing, replaced } = outcome;
  if (replaced) await deps.photoFiles.remove(replaced.file);
  const { lang } = applicant;
  const title = material.title[lang];
  const lines = replaced
    ? [t(flow, 'photoReplaced', lang, { title, n: outcome.position, have: count, max: material.photos.max })]
    : [t(flow, 'photoAccepted', lang, { title, have: count, max: material.photos.max })];
  if (!replaced && count === material.photos.max) lines.push(t(flow, 'materialComplete', lang, { title }));
  if (missing === 0 && count >= material.photos.min) {
    lines.push(t(flow, 'allMaterialsComplete', lang));
    await telegram.sendMessage(chatId, lines.join('\n'), {
      parse_mode: 'HTML',
      reply_markup: {
        inline_keyboard: [
          [
            {
              text: localize(flow.texts.submitButton, lang),
              callback_data: toCallbackData({ kind: 'submit' }),
            },
          ],
        ],
      },
    });
    return;
  }
  const following =
    next ??
    (count >= material.photos.min
      ? nextMaterialToUpload(applicant.dossier, checklistOf(deps, applicant).materials)
      : undefined);
  if (count >= material.photos.min && count < material.photos.max && following) {
    lines.push(t(flow, 'materialEnough', lang, { max: material.photos.max }));
    await telegram.sendMessage(chatId, lines.join('\n'), {
      parse_mode: 'HTML',
      reply_markup: {
        inline_keyboard: [
          [
            {
              text: localize(flow.texts.nextMaterialButton, lang, { title: following.title[lang] }),
              callback_data: toCallbackData({
                kind: 'material',
                material: materialIndex(flow, following.id),
              }),
            },
          ],
        ],
      },
    });
    return;
  }
  await say(lines.join('\n'));
  // The next material's prompt is one message that says it is next, never a lone "Next:" bubble.
  if (next) await sendView(telegram, chatId, materialPromptView(flow, applicant, next, { next: true }));
}
