import type { Document, PhotoSize, TelegramFile } from './bot-api-types.js';

/** Telegram's limit on files a bot may download through getFile. */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

export type FileKind = 'photo' | 'document' | 'sticker' | 'voice' | 'video';

/** A file the emulator knows, sent by a simulated user or uploaded by the bot. */
export interface StoredFile {
  readonly fileId: string;
  readonly fileUniqueId: string;
  readonly kind: FileKind;
  /** What Telegram reports as `file_size`; may exceed `bytes.length` for a faked large file. */
  readonly size: number;
  /** Undefined for files that exist only by size. */
  readonly bytes: Uint8Array | undefined;
  /** Where the file downloads from under `/file/bot<token>/`. */
  readonly filePath: string;
  readonly fileName?: string;
  readonly mimeType?: string;
}

export interface NewFile {
  readonly kind: FileKind;
  readonly bytes?: Uint8Array;
  /** Defaults to `bytes.length`. */
  readonly size?: number;
  readonly fileName?: string;
  readonly mimeType?: string;
}

// Real file_ids are opaque base64; these keep Telegram's per-kind prefixes so logs look familiar,
// and count up instead of being random so runs (and the playground) are reproducible.
const ID_PREFIX: Readonly<Record<FileKind, string>> = {
  photo: 'AgACAgIAAxkBAAEmu',
  document: 'BQACAgIAAxkBAAEmu',
  sticker: 'CAACAgIAAxkBAAEmu',
  voice: 'AwACAgIAAxkBAAEmu',
  video: 'BAACAgIAAxkBAAEmu',
};

const DIRECTORY: Readonly<Record<FileKind, string>> = {
  photo: 'photos',
  document: 'documents',
  sticker: 'stickers',
  voice: 'voice',
  video: 'videos',
};

const DEFAULT_EXTENSION: Readonly<Record<FileKind, string>> = {
  photo: 'jpg',
  document: 'dat',
  sticker: 'webp',
  voice: 'oga',
  video: 'mp4',
};

/** Every file by file_id and by file_path, both O(1), and the size set each photo belongs to. */
export class FileStore {
  private readonly byId = new Map<string, StoredFile>();
  private readonly byPath = new Map<string, StoredFile>();
  private readonly photoSets = new Map<string, readonly PhotoSize[]>();
  private count = 0;

  add(input: NewFile): StoredFile {
    const number = ++this.count;
    const serial = number.toString(36).padStart(6, '0');
    const extension =
      /\.([A-Za-z0-9]{1,8})$/.exec(input.fileName ?? '')?.[1] ?? DEFAULT_EXTENSION[input.kind];
    const file: StoredFile = {
      fileId: `${ID_PREFIX[input.kind]}${serial}`,
      fileUniqueId: `AQADEmu${serial}`,
      kind: input.kind,
      size: input.size ?? input.bytes?.length ?? 0,
      bytes: input.bytes,
      filePath: `${DIRECTORY[input.kind]}/file_${number}.${extension.toLowerCase()}`,
      ...(input.fileName !== undefined ? { fileName: input.fileName } : {}),
      ...(input.mimeType !== undefined ? { mimeType: input.mimeType } : {}),
    };
    this.byId.set(file.fileId, file);
    this.byPath.set(file.filePath, file);
    return file;
  }

  get(fileId: string): StoredFile | undefined {
    return this.byId.get(fileId);
  }

  getByPath(filePath: string): StoredFile | undefined {
    return this.byPath.get(filePath);
  }

  /** Remembers the sizes of one photo, so sending any of their file_ids resends the whole photo. */
  addPhotoSet(sizes: readonly PhotoSize[]): void {
    for (const size of sizes) this.photoSets.set(size.file_id, sizes);
  }

  photoSet(fileId: string): readonly PhotoSize[] | undefined {
    return this.photoSets.get(fileId);
  }
}

/** The Document object of a stored file. */
export function toDocument(file: StoredFile): Document {
  return {
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    ...(file.fileName !== undefined ? { file_name: file.fileName } : {}),
    ...(file.mimeType !== undefined ? { mime_type: file.mimeType } : {}),
    file_size: file.size,
  };
}

/** The File object getFile answers with. */
export function toTelegramFile(file: StoredFile): TelegramFile {
  return {
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    file_size: file.size,
    file_path: file.filePath,
  };
}
