import type { MessageEntity } from './bot-api-types.js';

/**
 * Byte-level reading and writing shared by the parse modes. Telegram's parsers (TDLib's
 * `td/telegram/MessageEntity.cpp`) walk UTF-8 bytes and report positions as byte offsets, while
 * entities count UTF-16 code units; mirroring that keeps error messages identical to Telegram's.
 */

/** The outcome of reading marked-up text: the plain text and its entities, or Telegram's reason. */
export type ParsedMarkup =
  | { readonly ok: true; readonly text: string; readonly entities: MessageEntity[] }
  | { readonly ok: false; readonly reason: string };

/** UTF-8 input that reads as 0 past its end, like the NUL-terminated strings TDLib scans. */
export class MarkupInput {
  readonly bytes: Uint8Array;
  constructor(text: string) {
    this.bytes = new TextEncoder().encode(text);
  }

  get size(): number {
    return this.bytes.length;
  }

  at(index: number): number {
    return this.bytes[index] ?? 0;
  }

  char(index: number): string {
    return String.fromCharCode(this.at(index));
  }

  decode(from: number, to: number): string {
    return new TextDecoder().decode(this.bytes.subarray(from, to));
  }
}

/** UTF-8 output that also counts its length in UTF-16 code units, the unit of entity offsets. */
export class MarkupOutput {
  private readonly bytes: number[] = [];
  private utf16 = 0;
  /** Whether a decoded character reference named a lone surrogate, which Telegram refuses. */
  hasSurrogate = false;

  get size(): number {
    return this.bytes.length;
  }

  get utf16Length(): number {
    return this.utf16;
  }

  push(byte: number): void {
    if ((byte & 0xc0) !== 0x80) this.utf16 += byte >= 0xf0 ? 2 : 1;
    this.bytes.push(byte);
  }

  pushCodePoint(codePoint: number): void {
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
      this.hasSurrogate = true;
      this.utf16 += 1;
      return;
    }
    for (const byte of new TextEncoder().encode(String.fromCodePoint(codePoint))) this.bytes.push(byte);
    this.utf16 += codePoint > 0xffff ? 2 : 1;
  }

  decode(from = 0): string {
    return new TextDecoder().decode(Uint8Array.from(this.bytes.slice(from)));
  }
}

/** TDLib's `is_space`: the end of input (0) counts as space, which ends every scanning loop. */
export function isMarkupSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0b || byte === 0;
}

export function isAsciiLetter(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

export function isAsciiDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

const TYPE_PRIORITY: Readonly<Record<string, number>> = {
  blockquote: 0,
  expandable_blockquote: 0,
  pre: 11,
  code: 20,
  text_link: 49,
  text_mention: 49,
  bold: 90,
  italic: 91,
  underline: 92,
  strikethrough: 93,
  spoiler: 94,
  custom_emoji: 99,
};

/** Orders entities as Telegram returns them: by offset, longer first, then by type priority. */
export function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.sort(
    (a, b) =>
      a.offset - b.offset ||
      b.length - a.length ||
      (TYPE_PRIORITY[a.type] ?? 50) - (TYPE_PRIORITY[b.type] ?? 50),
  );
}

/**
 * The URL a text link ends up with, or undefined when Telegram would drop the link: a bare host
 * gets `http://` and a trailing slash (`telegram.org` → `http://telegram.org/`).
 */
export function checkLinkUrl(raw: string): string | undefined {
  const url = raw;
  if (url === '' || /\s/.test(url)) return undefined;
  const schemeMatch = /^([a-z][a-z0-9+.-]*):(\/\/)?/i.exec(url);
  const scheme = schemeMatch?.[1]?.toLowerCase();
  if (scheme === 'tg' || scheme === 'ton') return url;
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https' && schemeMatch?.[2] === '//') {
    return undefined;
  }
  const withScheme = scheme === 'http' || scheme === 'https' ? url : `http://${url}`;
  const parts = /^(https?:\/\/)([^/?#]+)(.*)$/i.exec(withScheme);
  if (!parts) return undefined;
  const [, prefix = '', host = '', rest = ''] = parts;
  if (!/^[\p{L}\p{N}.\-_:@[\]]+$/u.test(host) || !/[\p{L}\p{N}]/u.test(host)) return undefined;
  return `${prefix.toLowerCase()}${host}${rest.startsWith('/') ? rest : `/${rest}`}`;
}
