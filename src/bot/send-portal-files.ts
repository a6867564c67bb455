import type { Telegram } from 'telegraf';
import type { PortalFileGroup } from '../app/list-portal-files.js';
import type { PictureStore } from '../app/ports/picture-store.js';

/** Telegram's bounds on an album. */
const MAX_ALBUM_ITEMS = 10;

/**
 * Sends the files for the official portal as documents, never as photos: Telegram recompresses photos, and
 * the applicant needs the very file that was checked (at most the portal's byte limit). Each material goes
 * as its own albums of up to ten, a lone file as a plain document, so a material's files arrive together
 * and in order. The bytes come from the picture store; the name is the portal name. Content-type detection
 * is off so that Telegram keeps each file a document whatever it sniffs in it.
 */
export async function sendPortalFiles(
  telegram: Telegram,
  pictures: PictureStore,
  chatId: number,
  groups: readonly PortalFileGroup[],
): Promise<void> {
  for (const { files } of groups) {
    for (let i = 0; i < files.length; i += MAX_ALBUM_ITEMS) {
      const items = await Promise.all(
        files.slice(i, i + MAX_ALBUM_ITEMS).map(async (file) => ({
          source: Buffer.from(await pictures.get(file.key)),
          filename: file.name,
        })),
      );
      const [only] = items;
      if (items.length === 1 && only)
        await telegram.sendDocument(chatId, only, { disable_content_type_detection: true });
      else
        await telegram.sendMediaGroup(
          chatId,
          items.map((media) => ({ type: 'document' as const, media, disable_content_type_detection: true })),
        );
    }
  }
}
