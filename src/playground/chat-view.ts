import type { Message } from '../emulator/bot-api-types.js';
import { entitiesToHtml } from './entities-to-html.js';

/** One message as the page draws it. */
export interface ChatMessageView {
  readonly id: number;
  readonly from: 'bot' | 'me';
  readonly html: string;
  /** Seconds since the epoch (the playground clock's time when sent). */
  readonly date: number;
  readonly edited: boolean;
  /** file_id of the largest size, served by GET /api/files/<id>. */
  readonly photo?: { readonly fileId: string; readonly width: number; readonly height: number };
  readonly document?: { readonly fileId: string; readonly name: string };
  readonly mediaGroupId?: string;
  readonly buttons: readonly (readonly {
    readonly text: string;
    readonly data?: string;
    readonly url?: string;
  }[])[];
}

/** What the page needs of a message: its formatted text, media and inline buttons. */
export function toChatMessageView(message: Message, from: 'bot' | 'me'): ChatMessageView {
  const text = message.text ?? message.caption ?? '';
  const entities = message.text !== undefined ? message.entities : message.caption_entities;
  const photo = message.photo?.at(-1);
  const keyboard = message.reply_markup?.inline_keyboard ?? [];
  return {
    id: message.message_id,
    from,
    html: entitiesToHtml(text, entities),
    date: message.date,
    edited: message.edit_date !== undefined,
    ...(photo ? { photo: { fileId: photo.file_id, width: photo.width, height: photo.height } } : {}),
    ...(message.document
      ? { document: { fileId: message.document.file_id, name: message.document.file_name ?? 'file' } }
      : {}),
    ...(message.media_group_id ? { mediaGroupId: message.media_group_id } : {}),
    buttons: keyboard.map((row) =>
      row.map((button) => ({
        text: button.text,
        ...(button.callback_data !== undefined ? { data: button.callback_data } : {}),
        ...(button.url !== undefined ? { url: button.url } : {}),
      })),
    ),
  };
}
