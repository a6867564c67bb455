import type { MessageEntity } from './bot-api-types.js';
import type { UserMessageContent } from './emulator-state.js';
import { type FileStore, toDocument } from './file-store.js';
import { guessMimeType } from './mime-type.js';
import { type PhotoSizeInput, storePhotoSizes } from './photo-sizes.js';

/** Options shared by media a simulated user sends. */
export interface MediaOptions {
  readonly caption?: string;
  /** Messages with the same id form one album. */
  readonly mediaGroupId?: string;
}

export interface DocumentOptions extends MediaOptions {
  readonly fileName: string;
  /** Defaults to what the file name's extension suggests. */
  readonly mimeType?: string;
  /** Reported `file_size`, e.g. 25 MB to test the download limit without allocating 25 MB. */
  readonly fileSize?: number;
}

// A command is `/name` (optionally `@botname`) starting the text or following whitespace, as the
// Telegram clients mark them: https://core.telegram.org/bots/features#commands
const COMMAND_PATTERN = /(?<=^|\s)\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@/])/g;

/** A text message with the `bot_command` entities a Telegram client adds. */
export function textContent(text: string): UserMessageContent {
  const entities: MessageEntity[] = [...text.matchAll(COMMAND_PATTERN)].map((match) => ({
    type: 'bot_command',
    offset: match.index ?? 0,
    length: match[0].length,
  }));
  return { text, ...(entities.length > 0 ? { entities } : {}) };
}

/**
 * A photo message; `sizes` as Telegram orders them, smallest first and largest last.
 * @throws Error when no size is given.
 */
export function photoContent(files: FileStore, sizes: readonly PhotoSizeInput[], options: MediaOptions = {}) {
  if (sizes.length === 0) throw new Error('sendPhoto needs at least one size (largest last).');
  return { photo: storePhotoSizes(files, sizes), ...mediaExtras(options) } satisfies UserMessageContent;
}

/** A document message; the bytes are stored so the bot can download them. */
export function documentContent(files: FileStore, bytes: Uint8Array, options: DocumentOptions) {
  const mimeType = options.mimeType ?? guessMimeType(options.fileName);
  const file = files.add({
    kind: 'document',
    bytes,
    size: options.fileSize ?? bytes.length,
    fileName: options.fileName,
    ...(mimeType !== undefined ? { mimeType } : {}),
  });
  return { document: toDocument(file), ...mediaExtras(options) } satisfies UserMessageContent;
}

/** A sticker message, as when a user taps a sticker instead of answering. */
export function stickerContent(files: FileStore, emoji = '👍'): UserMessageContent {
  const file = files.add({ kind: 'sticker', bytes: placeholderBytes('sticker'), mimeType: 'image/webp' });
  return {
    sticker: {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      type: 'regular',
      width: 512,
      height: 512,
      is_animated: false,
      is_video: false,
      emoji,
      file_size: file.size,
    },
  };
}

/** A voice message of `durationSeconds`. */
export function voiceContent(files: FileStore, durationSeconds = 3): UserMessageContent {
  const file = files.add({ kind: 'voice', bytes: placeholderBytes('voice'), mimeType: 'audio/ogg' });
  return {
    voice: {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      duration: durationSeconds,
      mime_type: 'audio/ogg',
      file_size: file.size,
    },
  };
}

/** A video message of `durationSeconds`. */
export function videoContent(files: FileStore, durationSeconds = 5): UserMessageContent {
  const file = files.add({ kind: 'video', bytes: placeholderBytes('video'), mimeType: 'video/mp4' });
  return {
    video: {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      width: 640,
      height: 360,
      duration: durationSeconds,
      mime_type: 'video/mp4',
      file_size: file.size,
    },
  };
}

function mediaExtras(options: MediaOptions): Pick<UserMessageContent, 'caption' | 'media_group_id'> {
  return {
    ...(options.caption !== undefined && options.caption !== '' ? { caption: options.caption } : {}),
    ...(options.mediaGroupId !== undefined ? { media_group_id: options.mediaGroupId } : {}),
  };
}

/** Stand-in bytes for media a bot is not expected to decode. */
function placeholderBytes(kind: string): Uint8Array {
  return new TextEncoder().encode(`emulated ${kind}`);
}
