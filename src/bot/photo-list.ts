import type { Telegram } from 'telegraf';
import { checklistOf } from '../domain/applicant-progress.js';
import { isEditable, photosOf } from '../domain/dossier.js';
import type { BotDeps } from './bot-deps.js';
import { photoListView } from './dossier-views.js';
import { sendStoredPhotos } from './send-stored-photos.js';
import { sendView } from './send-view.js';

/**
 * Shows the applicant one material's pictures (the stored, normalised files) and the numbered list with
 * Delete and Replace while the dossier is editable. Returns false when the material is not on their checklist.
 */
export async function showPhotoList(
  telegram: Telegram,
  deps: BotDeps,
  userId: number,
  chatId: number,
  materialId: string,
): Promise<boolean> {
  const applicant = await deps.applicants.get(userId);
  const material = applicant && checklistOf(deps.flow, applicant).materials.find((m) => m.id === materialId);
  if (!applicant || !material) return false;
  const photos = photosOf(applicant.dossier, material.id);
  await sendStoredPhotos(
    telegram,
    deps.pictures,
    chatId,
    photos.map((photo) => ({ photo })),
  );
  const editable = isEditable(applicant.dossier.state);
  await sendView(telegram, chatId, photoListView(deps.flow, applicant, material, photos, editable));
  return true;
}
