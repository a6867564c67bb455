import { createHash } from 'node:crypto';
import { Composer, type Context, type Telegram } from 'telegraf';
import type { Message } from 'telegraf/types';
import { type AddPictureOutcome, addPicture } from '../app/add-picture.js';
import {
  type PictureJob,
  type PictureJobHandler,
  pictureJobId,
  type WorkQueue,
} from '../app/ports/work-queue.js';
import { uploadTarget } from '../app/upload-permission.js';
import { photosOf } from '../domain/dossier.js';
import { localize } from '../domain/text.js';
import type { BotDeps } from './bot-deps.js';
import { toCallbackData } from './callback-data.js';
import { materialIndex, materialPromptView } from './dossier-views.js';
import { acceptedView } from './picture-views.js';
import { followUpReading } from './reading-views.js';
import { t } from './render.js';
import { sendView } from './send-view.js';
import { DEFAULT_LANG, langOf } from './update-lang.js';
import { sendUploadRefusal } from './upload-refusal-view.js';

/** Telegram's Bot API refuses to hand bots files over 20 MB (getFile). */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

interface SentPicture {
  readonly fileId: string;
  readonly fileUniqueId: string;
  readonly fileSize?: number;
  readonly mediaGroupId?: string;
}

/** The picture in a message: the largest size of a photo (never the thumbnail), or an image document. */
function pictureOf(message: Message): SentPicture | 'pdf' | 'video' | undefined {
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
 * goes and queues the work as data ({@link pictureJobHandler} does it); the download, the check and the count
 * happen off the update path, on the embedded queue one chat's pictures in the order they were sent, on the
 * shared one on any instance. Counting happens under the applicant's lock, so the pictures of an album are
 * each counted once, whatever order their jobs run in.
 */
export function photoIntakeComposer(deps: BotDeps, queue: WorkQueue): Composer<Context> {
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
    // Awaited: on the shared queue the update is answered only once its job is stored.
    await queue.push({
      updateId: ctx.update.update_id,
      userId: ctx.from.id,
      chatId: ctx.chat.id,
      materialId: target.material.id,
      fileId: picture.fileId,
      fileUniqueId: picture.fileUniqueId,
      ...(picture.fileSize !== undefined && { fileSize: picture.fileSize }),
      ...(picture.mediaGroupId && { mediaGroupId: picture.mediaGroupId }),
    });
  });

  return composer;
}

/**
 * The work of a queued picture, run by whichever process takes the job, replying with the bot's client.
 * The picture's id follows from the job's, so an attempt after one that had already counted it (the
 * process died before the job was marked done) finds it there and does nothing more.
 */
export function pictureJobHandler(deps: BotDeps, telegram: Telegram): PictureJobHandler {
  return (job, { finalAttempt }) => receivePicture(deps, telegram, job, finalAttempt);
}

/** The queued work for one picture: the use-case decides, this tells the applicant what happened. */
async function receivePicture(
  deps: BotDeps,
  telegram: Telegram,
  job: PictureJob,
  finalAttempt: boolean,
): Promise<void> {
  const { userId, chatId, materialId } = job;
  const { flow } = deps;
  const say = (html: string) => telegram.sendMessage(chatId, html, { parse_mode: 'HTML' });
  const langNow = async () => (await deps.applicants.get(userId))?.lang ?? DEFAULT_LANG;
  let outcome: AddPictureOutcome;
  const pictureId = createHash('sha256').update(pictureJobId(job)).digest('hex').slice(0, 12);
  try {
    const applicant = await deps.applicants.get(userId);
    const counted = applicant?.dossier.photos.find((p) => p.id === pictureId);
    if (applicant && counted) {
      // Counted by an attempt that may have died before answering: answer again, and say so (see
      // resendWhereYouAre: a lost answer leaves the applicant waiting, a repeated one says why it repeats).
      const material = flow.materials[counted.materialId];
      if (!material) return;
      const { lang } = applicant;
      const have = photosOf(applicant.dossier, counted.materialId).length;
      const line = t(flow, 'photoAccepted', lang, {
        title: material.title[lang],
        have,
        max: material.photos.max,
      });
      return void (await say(`${t(flow, 'resent', lang)}\n${line}`));
    }
    outcome = await addPicture(deps, userId, materialId, {
      pictureId,
      fileId: job.fileId,
      fileUniqueId: job.fileUniqueId,
      ...(job.mediaGroupId && { mediaGroupId: job.mediaGroupId }),
      load: () => download(telegram, job.fileId),
    });
  } catch (error) {
    // A passing failure (the download, the store) is worth another attempt; the last one is reported.
    if (!finalAttempt) throw error;
    deps.log.warn({ err: error }, 'photo could not be downloaded, checked or stored');
    await say(t(flow, 'photoProcessingFailed', await langNow()));
    return;
  }
  if (outcome.kind === 'rejected') {
    const lang = await langNow();
    const reasons = outcome.problems.map((p) => flow.upload.messages[p.code]?.[lang] ?? p.code).join(' ');
    await say(t(flow, 'photoRejected', lang, { reason: reasons }));
    return;
  }
  if (outcome.kind === 'refused') {
    const lang = outcome.applicant?.lang ?? DEFAULT_LANG;
    const title = flow.materials[materialId]?.title[lang] ?? materialId;
    if (outcome.reason === 'duplicate') return void (await say(t(flow, 'duplicatePhoto', lang)));
    if (outcome.reason === 'locked') return void (await say(t(flow, 'dossierLocked', lang)));
    if (outcome.reason !== 'full') return void (await say(t(flow, 'photoProcessingFailed', lang)));
    // A full material takes no more; the button leads to its pictures, to replace one.
    const html = t(flow, 'materialFull', lang, { title, max: outcome.max });
    const see = localize(flow.texts.viewPhotos, lang);
    const data = toCallbackData({ kind: 'viewPhotos', material: materialIndex(flow, materialId) });
    await sendView(telegram, chatId, { html, buttons: [[{ text: see, data }]] });
    return;
  }
  await sendView(telegram, chatId, acceptedView(flow, outcome));
  // Read after the verdict was sent, and not awaited: the chat's next picture need not wait for the reader.
  void followUpReading(deps, telegram, userId, chatId, pictureId);
  // The next material's prompt is one message that says it is next, never a lone "Next:" bubble.
  const allThere = outcome.missing === 0 && outcome.count >= outcome.material.photos.min;
  if (outcome.next && !allThere)
    await sendView(
      telegram,
      chatId,
      materialPromptView(flow, outcome.applicant, outcome.next, { next: true }),
    );
}
