import type { MessageEntity } from './bot-api-types.js';
import {
  checkLinkUrl,
  isAsciiDigit,
  isAsciiLetter,
  isMarkupSpace,
  MarkupInput,
  MarkupOutput,
  type ParsedMarkup,
  sortEntities,
} from './markup-text.js';

const SUPPORTED_TAGS = new Set([
  'a',
  'b',
  'strong',
  'i',
  'em',
  's',
  'strike',
  'del',
  'u',
  'ins',
  'tg-spoiler',
  'tg-emoji',
  'span',
  'pre',
  'code',
  'blockquote',
]);

const NAMED_REFERENCES: Readonly<Record<string, number>> = { lt: 0x3c, gt: 0x3e, amp: 0x26, quot: 0x22 };

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const AMPERSAND = 0x26;
const SEMICOLON = 0x3b;
const HASH = 0x23;
const SINGLE_QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;

interface OpenTag {
  readonly name: string;
  readonly argument: string;
  /** Entity start in UTF-16 code units of the output. */
  readonly offset: number;
  /** Entity start in bytes of the output, to read a link's text when it has no href. */
  readonly outputStart: number;
}

interface PendingEntity {
  entity: MessageEntity;
  /** The language of `<code class="language-x">`, claimed by a `<pre>` around it. */
  codeLanguage: string;
}

/**
 * Reads Telegram's HTML parse mode (https://core.telegram.org/bots/api#html-style) the way TDLib's
 * `parse_html` does, with the same error texts and byte offsets: only the documented tags, the
 * `&lt; &gt; &amp; &quot;` and numeric references (other `&name;` stay literal), `</>` closing the
 * innermost tag, and no entity for a tag with no content.
 */
export function parseHtmlMarkup(html: string): ParsedMarkup {
  const input = new MarkupInput(html);
  const output = new MarkupOutput();
  const entities: PendingEntity[] = [];
  const open: OpenTag[] = [];
  const fail = (reason: string): ParsedMarkup => ({ ok: false, reason });

  for (let i = 0; i < input.size; i++) {
    const byte = input.at(i);
    if (byte === AMPERSAND) {
      const reference = readCharacterReference(input, i);
      if (reference) {
        output.pushCodePoint(reference.codePoint);
        i = reference.end - 1;
        continue;
      }
    }
    if (byte !== LT) {
      output.push(byte);
      continue;
    }

    const tagStart = i++;
    if (input.at(i) !== SLASH) {
      while (!isMarkupSpace(input.at(i)) && input.at(i) !== GT) i++;
      if (input.at(i) === 0) return fail(`Unclosed start tag at byte offset ${tagStart}`);
      const name = input.decode(tagStart + 1, i).toLowerCase();
      if (!SUPPORTED_TAGS.has(name)) {
        return fail(`Unsupported start tag "${name}" at byte offset ${tagStart}`);
      }

      let argument = '';
      while (input.at(i) !== GT) {
        while (input.at(i) !== 0 && isMarkupSpace(input.at(i))) i++;
        if (input.at(i) === GT) break;
        const attributeStart = i;
        while (!isAttributeNameEnd(input.at(i))) i++;
        const attribute = input.decode(attributeStart, i).toLowerCase();
        if (attribute === '') {
          return fail(`Empty attribute name in the tag "${name}" at byte offset ${tagStart}`);
        }
        while (input.at(i) !== 0 && isMarkupSpace(input.at(i))) i++;
        if (input.at(i) !== EQUALS) {
          if (input.at(i) === 0) return fail(`Unclosed start tag "${name}" at byte offset ${tagStart}`);
          if (name === 'blockquote' && attribute === 'expandable') argument = 'expandable';
          continue;
        }
        i++;
        while (input.at(i) !== 0 && isMarkupSpace(input.at(i))) i++;
        if (input.at(i) === 0) return fail(`Unclosed start tag "${name}" at byte offset ${tagStart}`);

        let value: string;
        const quote = input.at(i);
        if (quote !== SINGLE_QUOTE && quote !== DOUBLE_QUOTE) {
          const tokenStart = i;
          while (isNameTokenByte(input.at(i))) i++;
          value = input.decode(tokenStart, i).toLowerCase();
          if (!isMarkupSpace(input.at(i)) && input.at(i) !== GT) {
            return fail(`Unexpected end of name token at byte offset ${tokenStart}`);
          }
        } else {
          i++;
          const valueOutput = new MarkupOutput();
          while (input.at(i) !== quote && input.at(i) !== 0) {
            const reference = input.at(i) === AMPERSAND ? readCharacterReference(input, i) : undefined;
            if (reference) {
              valueOutput.pushCodePoint(reference.codePoint);
              i = reference.end;
            } else {
              valueOutput.push(input.at(i++));
            }
          }
          if (input.at(i) === quote) i++;
          value = valueOutput.decode();
        }
        if (input.at(i) === 0) return fail(`Unclosed start tag at byte offset ${tagStart}`);
        argument = tagArgument(name, attribute, value) ?? argument;
      }

      if (name === 'span' && argument !== 'spoiler') {
        return fail(`Tag "span" must have class "tg-spoiler" at byte offset ${tagStart}`);
      }
      open.push({ name, argument, offset: output.utf16Length, outputStart: output.size });
      continue;
    }

    const innermost = open.at(-1);
    if (!innermost) return fail(`Unexpected end tag at byte offset ${tagStart}`);
    while (!isMarkupSpace(input.at(i)) && input.at(i) !== GT) i++;
    const endName = input.decode(tagStart + 2, i).toLowerCase();
    while (isMarkupSpace(input.at(i)) && input.at(i) !== 0) i++;
    if (input.at(i) !== GT) return fail(`Unclosed end tag at byte offset ${tagStart}`);
    if (endName !== '' && endName !== innermost.name) {
      return fail(
        `Unmatched end tag at byte offset ${tagStart}, expected "</${innermost.name}>", found "</${endName}>"`,
      );
    }
    const length = output.utf16Length - innermost.offset;
    if (length > 0) {
      const reason = closeTag(innermost, length, entities, output);
      if (reason) return fail(reason);
    }
    open.pop();
  }

  const unclosed = open.at(-1);
  if (unclosed) return fail(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  if (output.hasSurrogate) {
    return fail(
      'Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units',
    );
  }
  return { ok: true, text: output.decode(), entities: sortEntities(entities.map(({ entity }) => entity)) };
}

/** Adds the entity a closed, non-empty tag stands for; returns Telegram's reason when it cannot. */
function closeTag(
  tag: OpenTag,
  length: number,
  entities: PendingEntity[],
  output: MarkupOutput,
): string | undefined {
  const { offset } = tag;
  const add = (entity: MessageEntity, codeLanguage = '') => entities.push({ entity, codeLanguage });
  const previous = entities.at(-1);
  const previousSameSpan = previous?.entity.offset === offset && previous.entity.length === length;
  switch (tag.name) {
    case 'b':
    case 'strong':
      add({ type: 'bold', offset, length });
      return undefined;
    case 'i':
    case 'em':
      add({ type: 'italic', offset, length });
      return undefined;
    case 'u':
    case 'ins':
      add({ type: 'underline', offset, length });
      return undefined;
    case 's':
    case 'strike':
    case 'del':
      add({ type: 'strikethrough', offset, length });
      return undefined;
    case 'span':
    case 'tg-spoiler':
      add({ type: 'spoiler', offset, length });
      return undefined;
    case 'tg-emoji':
      if (!/^[1-9]\d{0,18}$/.test(tag.argument)) return 'Invalid custom emoji identifier specified';
      add({ type: 'custom_emoji', offset, length, custom_emoji_id: tag.argument });
      return undefined;
    case 'blockquote':
      add({ type: tag.argument === 'expandable' ? 'expandable_blockquote' : 'blockquote', offset, length });
      return undefined;
    case 'a': {
      const url = checkLinkUrl(tag.argument !== '' ? tag.argument : output.decode(tag.outputStart));
      if (url !== undefined) add({ type: 'text_link', offset, length, url });
      return undefined;
    }
    case 'pre':
      // `<pre><code class="language-x">` is one code block in language x.
      if (previous && previousSameSpan && previous.entity.type === 'code' && previous.codeLanguage !== '') {
        previous.entity = { type: 'pre', offset, length, language: previous.codeLanguage };
      } else {
        add({ type: 'pre', offset, length });
      }
      return undefined;
    case 'code':
      if (
        previous &&
        previousSameSpan &&
        previous.entity.type === 'pre' &&
        previous.entity.language === undefined &&
        tag.argument !== ''
      ) {
        previous.entity = { type: 'pre', offset, length, language: tag.argument };
      } else {
        add({ type: 'code', offset, length }, tag.argument);
      }
      return undefined;
    default:
      return `Unsupported start tag "${tag.name}"`;
  }
}

/** The argument an attribute gives its tag, or undefined when the tag ignores the attribute. */
function tagArgument(tag: string, attribute: string, value: string): string | undefined {
  if (tag === 'a' && attribute === 'href') return value;
  if (tag === 'code' && attribute === 'class' && value.startsWith('language-')) return value.slice(9);
  if (tag === 'span' && attribute === 'class' && value.startsWith('tg-')) return value.slice(3);
  if (tag === 'tg-emoji' && attribute === 'emoji-id') return value;
  if (tag === 'blockquote' && attribute === 'expandable') return 'expandable';
  return undefined;
}

/**
 * Decodes the character reference at `start` as TDLib's `decode_html_entity` does: the four named
 * ones and numeric ones, the semicolon optional; anything else stays literal text.
 */
function readCharacterReference(
  input: MarkupInput,
  start: number,
): { readonly codePoint: number; readonly end: number } | undefined {
  let end = start + 1;
  let codePoint = 0;
  if (input.at(end) === HASH) {
    end++;
    if (input.at(end) === 0x78) {
      end++;
      while (/^[0-9a-f]$/i.test(input.char(end))) {
        codePoint = codePoint * 16 + Number.parseInt(input.char(end), 16);
        end++;
      }
    } else {
      while (isAsciiDigit(input.at(end))) {
        codePoint = codePoint * 10 + (input.at(end) - 0x30);
        end++;
      }
    }
    if (codePoint === 0 || codePoint >= 0x10ffff || end - start >= 10) return undefined;
  } else {
    while (isAsciiLetter(input.at(end))) end++;
    const named = NAMED_REFERENCES[input.decode(start + 1, end)];
    if (named === undefined) return undefined;
    codePoint = named;
  }
  return { codePoint, end: input.at(end) === SEMICOLON ? end + 1 : end };
}

function isAttributeNameEnd(byte: number): boolean {
  return (
    isMarkupSpace(byte) ||
    byte === EQUALS ||
    byte === GT ||
    byte === SLASH ||
    byte === SINGLE_QUOTE ||
    byte === DOUBLE_QUOTE
  );
}

function isNameTokenByte(byte: number): boolean {
  return isAsciiLetter(byte) || isAsciiDigit(byte) || byte === 0x2e || byte === 0x2d;
}
