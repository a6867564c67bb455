import type { Telegram } from 'telegraf';
import type { PictureStore } from '../app/ports/picture-store.js';
import type { DossierPhoto } from '../domain/dossier.js';

/** One stored picture to show, with an optional caption (HTML). */
export interface ShownPhoto {
  readonly photo: DossierPhoto;
  readonly caption?: string;
}

/** Telegram's bounds on an album. */
const MAX_ALBUM_ITEMS = 10;

/**
 * Sends stored pictures as photos: albums of up to ten, a lone one as a plain photo. It uploads the
 * normalised files from the picture store (what was checked and what the portal will get), never the
 * applicant's Telegram file_id: that id may be a document's, which Telegram refuses to send as a photo, and
 * a local Bot API (the playground's) forgets its ids on restart.
 */
export async function sendStoredPhotos(
  telegram: Telegram,
  pictures: PictureStore,
  chatId: number,
  shown: readonly ShownPhoto[],
): Promise<void> {
  for (let i = 0; i < shown.length; i += MAX_ALBUM_ITEMS) {
    const chunk = shown.slice(i, i + MAX_ALBUM_ITEMS);
    const items = await Promise.all(
      chunk.map(async ({ photo, caption }, j) => ({
        source: Buffer.from(await pictures.get(photo.file)),
        filename: `${photo.materialId}-${i + j + 1}.${photo.format === 'png' ? 'png' : 'jpg'}`,
        caption,
      })),
    );
    const [only] = items;
    if (items.length === 1 && only) {
      await telegram.sendPhoto(
        chatId,
        { source: only.source, filename: only.filename },
        only.caption === undefined ? {} : { caption: only.caption, parse_mode: 'HTML' },
      );
      continue;
    }
    await telegram.sendMediaGroup(
      chatId,
      items.map(({ source, filename, caption }) => ({
        type: 'photo' as const,
        media: { source, filename },
        ...(caption !== undefined && { caption, parse_mode: 'HTML' as const }),
      })),
    );
  }
}
