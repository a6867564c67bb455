import type { MessageEntity } from '../bot-api-types.js';
import {
  checkLinkUrl,
  isMarkupSpace,
  MarkupInput,
  MarkupOutput,
  type ParsedMarkup,
  sortEntities,
} from '../markup-text.js';

type NestedType =
  | 'bold'
  | 'italic'
  | 'underline'
  | 'strikethrough'
  | 'spoiler'
  | 'code'
  | 'pre'
  | 'pre_code'
  | 'text_link'
  | 'custom_emoji';

/** The names TDLib uses for entity types in its error messages. */
const TDLIB_TYPE_NAMES: Readonly<Record<NestedType, string>> = {
  bold: 'Bold',
  italic: 'Italic',
  underline: 'Underline',
  strikethrough: 'Strikethrough',
  spoiler: 'Spoiler',
  code: 'Code',
  pre: 'Pre',
  pre_code: 'PreCode',
  text_link: 'TextUrl',
  custom_emoji: 'CustomEmoji',
};

const RESERVED = '_*[]()~`>#+-=|{}.!';
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
const BACKTICK = 0x60;
const UNDERSCORE = 0x5f;
const PIPE = 0x7c;

interface Nested {
  readonly type: NestedType;
  readonly argument: string;
  /** UTF-16 offset of the entity in the output. */
  readonly offset: number;
  /** Byte offset of the opening mark in the input, for error messages. */
  readonly byteOffset: number;
  /** Byte offset in the output, to read a link's text when it has no URL. */
  readonly outputStart: number;
}

interface Quote {
  readonly offset: number;
  readonly expandable: boolean;
}

/**
 * Reads Telegram's MarkdownV2 parse mode (https://core.telegram.org/bots/api#markdownv2-style)
 * after TDLib's `parse_markdown_v2`, with its error texts: every one of `_*[]()~\`>#+-=|{}.!`
 * outside an entity mark must be escaped with `\`, inside code only `` ` `` and `\`.
 * Block quotes (`>` at line start, `**>` ... `||` expandable) are read line by line; TDLib's finer
 * rules about entities crossing a quote's edge are not reproduced.
 */
export function parseMarkdownV2Markup(markdown: string): ParsedMarkup {
  const input = new MarkupInput(markdown);
  const output = new MarkupOutput();
  const entities: MessageEntity[] = [];
  const nested: Nested[] = [];
  let quote: Quote | undefined;
  let lastNewlineOffset = 0;
  const fail = (reason: string): ParsedMarkup => ({ ok: false, reason });
  const reserved = (i: number): ParsedMarkup =>
    fail(`Character '${input.char(i)}' is reserved and must be escaped with the preceding '\\'`);
  const closeQuote = (endOffset: number) => {
    if (quote && endOffset > quote.offset) {
      entities.push({
        type: quote.expandable ? 'expandable_blockquote' : 'blockquote',
        offset: quote.offset,
        length: endOffset - quote.offset,
      });
    }
    quote = undefined;
  };

  for (let i = 0; i < input.size; i++) {
    const top = nested.at(-1);
    const inCode = top?.type === 'code' || top?.type === 'pre' || top?.type === 'pre_code';

    if (!inCode && (i === 0 || input.at(i - 1) === NEWLINE)) {
      const expandableStart = input.decode(i, i + 3) === '**>';
      if (input.char(i) === '>' || (expandableStart && !quote)) {
        if (!quote) quote = { offset: output.utf16Length, expandable: expandableStart };
        if (expandableStart) i += 2;
        continue;
      }
      if (quote) closeQuote(lastNewlineOffset);
    }

    const byte = input.at(i);
    if (byte === BACKSLASH && input.at(i + 1) > 0 && input.at(i + 1) <= 126) {
      i++;
      output.push(input.at(i));
      continue;
    }
    const reservedHere = inCode ? '`' : RESERVED;
    if (!reservedHere.includes(input.char(i))) {
      if (byte === NEWLINE) lastNewlineOffset = output.utf16Length;
      output.push(byte);
      continue;
    }

    if (
      quote?.expandable &&
      byte === PIPE &&
      input.at(i + 1) === PIPE &&
      (input.at(i + 2) === NEWLINE || i + 2 >= input.size) &&
      top?.type !== 'spoiler'
    ) {
      closeQuote(output.utf16Length);
      i++;
      continue;
    }

    if (!top || !isEndOf(top.type, input, i)) {
      const byteOffset = i;
      let type: NestedType;
      let argument = '';
      switch (input.char(i)) {
        case '_':
          if (input.at(i + 1) === UNDERSCORE) {
            type = 'underline';
            i++;
          } else {
            type = 'italic';
          }
          break;
        case '*':
          type = 'bold';
          break;
        case '~':
          type = 'strikethrough';
          break;
        case '|':
          if (input.at(i + 1) !== PIPE) return reserved(i);
          type = 'spoiler';
          i++;
          break;
        case '[':
          type = 'text_link';
          break;
        case '!':
          if (input.char(i + 1) !== '[') return reserved(i);
          type = 'custom_emoji';
          i++;
          break;
        case '`':
          if (input.at(i + 1) === BACKTICK && input.at(i + 2) === BACKTICK) {
            i += 3;
            type = 'pre';
            let languageEnd = i;
            while (!isMarkupSpace(input.at(languageEnd)) && input.at(languageEnd) !== BACKTICK) languageEnd++;
            if (i !== languageEnd && languageEnd < input.size && input.at(languageEnd) !== BACKTICK) {
              type = 'pre_code';
              argument = input.decode(i, languageEnd);
              i = languageEnd;
            }
            // One line break right after the opening fence is not part of the code.
            const first = input.at(i);
            if (first === NEWLINE || first === 0x0d) {
              const second = input.at(i + 1);
              i += (second === NEWLINE || second === 0x0d) && second !== first ? 2 : 1;
            }
            i--;
          } else {
            type = 'code';
          }
          break;
        default:
          return reserved(i);
      }
      nested.push({ type, argument, offset: output.utf16Length, byteOffset, outputStart: output.size });
      continue;
    }

    const entity = nested.pop() as Nested;
    let skip = output.utf16Length === entity.offset;
    let url: string | undefined;
    switch (entity.type) {
      case 'underline':
      case 'spoiler':
        i++;
        break;
      case 'pre':
      case 'pre_code':
        i += 2;
        break;
      case 'text_link':
      case 'custom_emoji': {
        let raw: string;
        if (input.char(i + 1) !== '(') {
          if (entity.type === 'custom_emoji') {
            return fail('The entity must contain a tg://emoji or tg://time URL');
          }
          raw = output.decode(entity.outputStart);
        } else {
          i += 2;
          const urlStart = i;
          const bytes: number[] = [];
          while (i < input.size && input.char(i) !== ')') {
            if (input.at(i) === BACKSLASH && input.at(i + 1) > 0 && input.at(i + 1) <= 126) {
              bytes.push(input.at(i + 1));
              i += 2;
              continue;
            }
            bytes.push(input.at(i++));
          }
          if (input.char(i) !== ')') return fail(`Can't find end of a URL at byte offset ${urlStart}`);
          raw = new TextDecoder().decode(Uint8Array.from(bytes));
        }
        if (entity.type === 'custom_emoji') {
          const id = /^tg:\/\/emoji\?id=([1-9]\d{0,18})$/.exec(raw)?.[1];
          if (id === undefined) return fail('Invalid tg://emoji or tg://time URL specified');
          url = id;
        } else {
          url = checkLinkUrl(raw);
          if (url === undefined) skip = true;
        }
        break;
      }
      default:
        break;
    }
    if (!skip) entities.push(toEntity(entity, output.utf16Length - entity.offset, url));
  }

  const unclosed = nested.at(-1);
  if (unclosed) {
    return fail(
      `Can't find end of ${TDLIB_TYPE_NAMES[unclosed.type]} entity at byte offset ${unclosed.byteOffset}`,
    );
  }
  closeQuote(output.utf16Length);
  return { ok: true, text: output.decode(), entities: sortEntities(entities) };
}

function isEndOf(type: NestedType, input: MarkupInput, i: number): boolean {
  const c = input.char(i);
  switch (type) {
    case 'bold':
      return c === '*';
    case 'italic':
      return c === '_' && input.at(i + 1) !== UNDERSCORE;
    case 'underline':
      return c === '_' && input.at(i + 1) === UNDERSCORE;
    case 'strikethrough':
      return c === '~';
    case 'spoiler':
      return c === '|' && input.at(i + 1) === PIPE;
    case 'code':
      return c === '`';
    case 'pre':
    case 'pre_code':
      return c === '`' && input.at(i + 1) === BACKTICK && input.at(i + 2) === BACKTICK;
    case 'text_link':
    case 'custom_emoji':
      return c === ']';
  }
}

function toEntity(entity: Nested, length: number, url: string | undefined): MessageEntity {
  const { offset } = entity;
  switch (entity.type) {
    case 'pre_code':
      return { type: 'pre', offset, length, language: entity.argument };
    case 'text_link':
      return { type: 'text_link', offset, length, url: url ?? '' };
    case 'custom_emoji':
      return { type: 'custom_emoji', offset, length, custom_emoji_id: url ?? '' };
    default:
      return { type: entity.type, offset, length };
  }
}
