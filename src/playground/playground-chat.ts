import type { Message } from '../emulator/bot-api-types.js';
import type { AlbumItem, SimulatedUser } from '../emulator/simulated-user.js';
import type { PhotoSizeBytes } from '../images/telegram-photo-sizes.js';
import { type ChatMessageView, toChatMessageView } from './chat-view.js';

/** The most items Telegram puts in one album; more pictures at once go as several albums. */
const MAX_ALBUM_ITEMS = 10;

/** A picture or file chosen on the page. */
export interface UploadedFile {
  readonly name: string;
  readonly mimeType: string;
  readonly bytes: Uint8Array;
}

/** A snapshot of one chat for the page: `version` grows with every change, so the page can ask for what is newer. */
export interface ChatSnapshot {
  readonly version: number;
  readonly messages: readonly ChatMessageView[];
}

/**
 * One side of the playground (the applicant or the reviewer): a simulated Telegram user, plus the messages
 * that user sent, which the emulator's inbox (the bot's messages only) does not list.
 */
export class PlaygroundChat {
  private readonly sent: Message[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly user: SimulatedUser,
    private readonly toPhotoSizes: (bytes: Uint8Array) => Promise<PhotoSizeBytes[]>,
  ) {}

  get version(): number {
    return this.user.cursor() + this.sent.length;
  }

  snapshot(): ChatSnapshot {
    const mine = this.sent.map((m) => toChatMessageView(m, 'me'));
    const bots = this.user.messages().map((m) => toChatMessageView(m, 'bot'));
    return { version: this.version, messages: [...mine, ...bots].sort((a, b) => a.id - b.id) };
  }

  /**
   * Resolves with the snapshot once it is newer than `since`, or after `timeoutMs` with the current one
   * (the page's long poll).
   */
  async waitForChange(since: number, timeoutMs: number, signal?: AbortSignal): Promise<ChatSnapshot> {
    if (this.version > since) return this.snapshot();
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.listeners.add(done);
      signal?.addEventListener('abort', done);
      // Bot activity (new, edited or deleted messages) is recorded by the emulator; its wait resolves on any.
      this.user.waitForMessage(() => true, { after: this.user.cursor(), timeoutMs }).then(done, () => {});
    });
    return this.snapshot();
  }

  async sendText(text: string): Promise<void> {
    this.record([await this.user.sendText(text)]);
  }

  /** Presses a button; resolves with the bot's toast text, if it answered with one within `timeoutMs`. */
  async press(messageId: number, data: string, timeoutMs: number): Promise<string | undefined> {
    const pressed = await this.user.pressCallbackData(messageId, data);
    this.notify();
    const answer = await this.user
      .waitForCallbackAnswer(pressed.callbackQueryId, { timeoutMs })
      .catch(() => undefined);
    return answer?.text;
  }

  /** Sends pictures "as photo" (Telegram-like sizes built on the server) or "as file"; several make albums. */
  async upload(files: readonly UploadedFile[], as: 'photo' | 'file'): Promise<void> {
    const items: AlbumItem[] = [];
    for (const file of files) {
      items.push(
        as === 'photo'
          ? { type: 'photo', sizes: await this.toPhotoSizes(file.bytes) }
          : { type: 'document', bytes: file.bytes, fileName: file.name, mimeType: file.mimeType },
      );
    }
    for (let start = 0; start < items.length; start += MAX_ALBUM_ITEMS) {
      const chunk = items.slice(start, start + MAX_ALBUM_ITEMS);
      const only = chunk[0];
      if (chunk.length === 1 && only) {
        this.record([
          only.type === 'photo'
            ? await this.user.sendPhoto(only.sizes)
            : await this.user.sendDocument(only.bytes, only),
        ]);
      } else if (chunk.length > 1) {
        this.record(await this.user.sendAlbum(chunk));
      }
    }
  }

  private record(messages: readonly Message[]): void {
    this.sent.push(...messages);
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
