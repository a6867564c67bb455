import { BotApiError, badRequest } from './bot-api-error.js';
import type { MethodTable } from './bot-api-method.js';
import type { Message } from './bot-api-types.js';
import type { EmulatorState } from './emulator-state.js';
import {
  type FileKind,
  MAX_DOWNLOAD_BYTES,
  type StoredFile,
  toDocument,
  toTelegramFile,
} from './file-store.js';
import { type ParseModeTable, readCaption } from './formatted-text.js';
import { readImageSize } from './image-size.js';
import { captionFields } from './message-methods.js';
import { guessMimeType } from './mime-type.js';
import { readOutgoingMessageBase, storeBotMessage } from './outgoing-message.js';
import { storePhotoSizes, uploadedPhotoSizes } from './photo-sizes.js';
import type { RequestParams, UploadedFile } from './request-params.js';

/** Telegram's limit on files a bot uploads. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** Telegram's bounds on a media group. */
export const MIN_MEDIA_GROUP_ITEMS = 2;
export const MAX_MEDIA_GROUP_ITEMS = 10;

/** Media content of a message, before the message is stored. */
type MediaContent = Pick<Message, 'photo' | 'document'>;

/** Sending photos, documents and albums, and handing files out through getFile. */
export const mediaMethods: MethodTable = {
  sendPhoto(params, { state, parseModes }) {
    const caption = readCaptionParams(params, parseModes);
    const chat = state.writableChatFor(params);
    const base = readOutgoingMessageBase(chat, params);
    const media = readMedia(state, params, 'photo', inputFileOf(params, 'photo'));
    const spoiler = params.boolean('has_spoiler') ? { has_media_spoiler: true as const } : {};
    return storeBotMessage(state, chat, base, { ...media, ...spoiler, ...captionFields(caption) });
  },

  sendDocument(params, { state, parseModes }) {
    const caption = readCaptionParams(params, parseModes);
    const chat = state.writableChatFor(params);
    const base = readOutgoingMessageBase(chat, params);
    const media = readMedia(state, params, 'document', inputFileOf(params, 'document'));
    return storeBotMessage(state, chat, base, { ...media, ...captionFields(caption) });
  },

  sendMediaGroup(params, { state, parseModes }) {
    const chat = state.writableChatFor(params);
    const items = readMediaGroup(params);
    // Everything is checked before anything is stored: Telegram sends an album whole or not at all.
    const contents = items.map((item) => {
      const caption = readCaption({
        text: typeof item.caption === 'string' ? item.caption : undefined,
        parseMode: typeof item.parse_mode === 'string' ? item.parse_mode : undefined,
        entities: item.caption_entities,
        parseModes,
      });
      const kind = item.type as FileKind;
      const input = typeof item.media === 'string' ? item.media : undefined;
      if (input === undefined) {
        throw badRequest('can\'t parse InputMedia: Field "media" must be of type String');
      }
      const spoiler = item.has_spoiler === true ? { has_media_spoiler: true as const } : {};
      return { kind, input, extra: { ...spoiler, ...captionFields(caption) } };
    });
    const base = { ...readOutgoingMessageBase(chat, params), applyMarkup: () => ({}) };
    const resolved = contents.map(({ kind, input, extra }) => ({
      media: readMedia(state, params, kind, input),
      extra,
    }));
    const mediaGroupId = state.nextMediaGroupId();
    return resolved.map(({ media, extra }) =>
      storeBotMessage(state, chat, base, { media_group_id: mediaGroupId, ...media, ...extra }),
    );
  },

  getFile(params, { state }) {
    const fileId = params.string('file_id');
    const file = fileId ? state.files.get(fileId) : undefined;
    if (!file) throw badRequest('invalid file_id');
    if (file.size > MAX_DOWNLOAD_BYTES) throw badRequest('file is too big');
    return toTelegramFile(file);
  },
};

function readCaptionParams(params: RequestParams, parseModes: ParseModeTable) {
  return readCaption({
    text: params.string('caption'),
    parseMode: params.string('parse_mode'),
    entities: params.json('caption_entities'),
    parseModes,
  });
}

/** What the call gives for a media field: an uploaded part, or a string (file_id, URL, attach://). */
function inputFileOf(params: RequestParams, field: 'photo' | 'document'): UploadedFile | string {
  const upload = params.file(field);
  if (upload) return upload;
  const value = params.string(field);
  if (value === undefined || value === '') throw badRequest(`there is no ${field} in the request`);
  return value;
}

function readMediaGroup(params: RequestParams): Record<string, unknown>[] {
  const media = params.json('media');
  if (media === undefined) throw badRequest('parameter "media" is required');
  if (!Array.isArray(media)) throw badRequest("can't parse media JSON object");
  if (media.length === 0) throw badRequest('there are no messages to send');
  if (media.length > MAX_MEDIA_GROUP_ITEMS) throw badRequest('too many messages to send as an album');
  if (media.length < MIN_MEDIA_GROUP_ITEMS) {
    // Telegram itself sends a one-item "album" as a plain message; the Bot API documents 2-10
    // items, and the emulator holds bots to the documented contract.
    throw badRequest('media group must include 2-10 items (a single item is sent as a plain message)');
  }
  const items = media.map((item: unknown) => {
    if (typeof item !== 'object' || item === null) throw badRequest("can't parse InputMedia JSON object");
    return item as Record<string, unknown>;
  });
  for (const item of items) {
    if (item.type !== 'photo' && item.type !== 'document') {
      throw badRequest(
        `can't parse InputMedia: the emulator supports only "photo" and "document", got "${item.type}"`,
      );
    }
  }
  const hasDocument = items.some((item) => item.type === 'document');
  if (hasDocument && items.some((item) => item.type !== 'document')) {
    throw badRequest("document can't be mixed with other media types");
  }
  return items;
}

/**
 * The photo or document a send call refers to: a new upload (stored now), a known file_id, or
 * `attach://<part>`. URLs are refused, since the emulator fetches nothing from the network.
 */
function readMedia(
  state: EmulatorState,
  params: RequestParams,
  kind: FileKind,
  input: UploadedFile | string,
): MediaContent {
  let upload: UploadedFile | undefined = typeof input === 'string' ? undefined : input;
  if (typeof input === 'string') {
    if (input.startsWith('attach://')) {
      upload = params.file(input.slice('attach://'.length));
      if (!upload) throw badRequest(`can't find the file "${input}" in the request`);
    } else if (/^https?:\/\//i.test(input)) {
      throw badRequest('failed to get HTTP URL content');
    } else {
      return reuseStoredFile(state, kind, input);
    }
  }
  const file = upload as UploadedFile;
  if (file.bytes.length === 0) throw badRequest('file must be non-empty');
  if (file.bytes.length > MAX_UPLOAD_BYTES) throw new BotApiError(413, 'Request Entity Too Large');
  if (kind === 'photo') {
    const image = readImageSize(file.bytes);
    if (!image) throw badRequest('IMAGE_PROCESS_FAILED');
    if (
      image.width + image.height > 10_000 ||
      Math.max(image.width, image.height) > 20 * Math.min(image.width, image.height)
    ) {
      throw badRequest('PHOTO_INVALID_DIMENSIONS');
    }
    return { photo: storePhotoSizes(state.files, uploadedPhotoSizes(file.bytes, image)) };
  }
  const stored = state.files.add({
    kind: 'document',
    bytes: file.bytes,
    fileName: file.fileName,
    ...mimeTypeOf(file),
  });
  return { document: toDocument(stored) };
}

function reuseStoredFile(state: EmulatorState, kind: FileKind, fileId: string): MediaContent {
  const file = state.files.get(fileId);
  if (!file) throw badRequest('wrong file identifier/HTTP URL specified');
  if (file.kind !== kind) {
    throw badRequest(`can't use file of type ${typeName(file)} as ${typeName({ kind })}`);
  }
  if (kind === 'photo') return { photo: state.files.photoSet(fileId) ?? [] };
  return { document: toDocument(file) };
}

function mimeTypeOf(file: UploadedFile): { mimeType?: string } {
  const mimeType = file.mimeType ?? guessMimeType(file.fileName);
  return mimeType === undefined ? {} : { mimeType };
}

function typeName(file: Pick<StoredFile, 'kind'>): string {
  return file.kind.charAt(0).toUpperCase() + file.kind.slice(1);
}
