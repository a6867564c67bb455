import type { MessageEntity } from '../bot-api-types.js';
import {
  checkLinkUrl,
  isMarkupSpace,
  MarkupInput,
  MarkupOutput,
  type ParsedMarkup,
  sortEntities,
} from '../markup-text.js';

const BACKTICK = 0x60;

/**
 * Reads the legacy `Markdown` parse mode (https://core.telegram.org/bots/api#markdown-style) after
 * TDLib's `parse_markdown`: `*bold*`, `_italic_`, `` `code` ``, ```` ```pre``` ````, `[text](url)`,
 * no nesting, `\` escaping only `_ * \` [`; an unclosed mark fails with
 * `Can't find end of the entity starting at byte offset N`.
 */
export function parseMarkdownLegacyMarkup(markdown: string): ParsedMarkup {
  const input = new MarkupInput(markdown);
  const output = new MarkupOutput();
  const entities: MessageEntity[] = [];

  for (let i = 0; i < input.size; i++) {
    const c = input.char(i);
    if (c === '\\' && '_*`['.includes(input.char(i + 1)) && input.at(i + 1) !== 0) {
      i++;
      output.push(input.at(i));
      continue;
    }
    if (!'_*`['.includes(c) || input.at(i) === 0) {
      output.push(input.at(i));
      continue;
    }

    const begin = i;
    let endCharacter = c === '[' ? ']' : c;
    let isPre = false;
    let language = '';
    i++;
    if (c === '`' && input.at(i) === BACKTICK && input.at(i + 1) === BACKTICK) {
      isPre = true;
      i += 2;
      endCharacter = '`';
      let languageEnd = i;
      while (!isMarkupSpace(input.at(languageEnd)) && input.at(languageEnd) !== BACKTICK) languageEnd++;
      if (i !== languageEnd && languageEnd < input.size && input.at(languageEnd) !== BACKTICK) {
        language = input.decode(i, languageEnd);
        i = languageEnd;
      }
      const first = input.at(i);
      if (first === 0x0a || first === 0x0d) {
        const second = input.at(i + 1);
        i += (second === 0x0a || second === 0x0d) && second !== first ? 2 : 1;
      }
    }

    const offset = output.utf16Length;
    const contentStart = output.size;
    while (
      i < input.size &&
      (input.char(i) !== endCharacter ||
        (isPre && !(input.at(i + 1) === BACKTICK && input.at(i + 2) === BACKTICK)))
    ) {
      output.push(input.at(i++));
    }
    if (i >= input.size) {
      return { ok: false, reason: `Can't find end of the entity starting at byte offset ${begin}` };
    }

    const length = output.utf16Length - offset;
    if (c === '[') {
      let raw = output.decode(contentStart);
      if (input.char(i + 1) === '(') {
        i += 2;
        const urlStart = i;
        while (i < input.size && input.char(i) !== ')') i++;
        raw = input.decode(urlStart, i);
      }
      const url = checkLinkUrl(raw);
      if (length > 0 && url !== undefined) entities.push({ type: 'text_link', offset, length, url });
    } else if (length > 0) {
      if (c === '_') entities.push({ type: 'italic', offset, length });
      else if (c === '*') entities.push({ type: 'bold', offset, length });
      else if (isPre) entities.push({ type: 'pre', offset, length, ...(language ? { language } : {}) });
      else entities.push({ type: 'code', offset, length });
    }
    if (isPre) i += 2;
  }
  return { ok: true, text: output.decode(), entities: sortEntities(entities) };
}
