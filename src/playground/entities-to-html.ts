import type { MessageEntity } from '../emulator/bot-api-types.js';

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (text: string) => escapeText(text).replace(/"/g, '&quot;');

/** The opening and closing tag of an entity, or undefined for entities shown as plain text. */
function tagsOf(entity: MessageEntity, text: string): [string, string] | undefined {
  switch (entity.type) {
    case 'bold':
      return ['<b>', '</b>'];
    case 'italic':
      return ['<i>', '</i>'];
    case 'underline':
      return ['<u>', '</u>'];
    case 'strikethrough':
      return ['<s>', '</s>'];
    case 'code':
      return ['<code>', '</code>'];
    case 'pre':
      return ['<pre>', '</pre>'];
    case 'spoiler':
      return ['<span class="spoiler">', '</span>'];
    case 'blockquote':
    case 'expandable_blockquote':
      return ['<blockquote>', '</blockquote>'];
    case 'text_link':
      return [`<a href="${escapeAttribute(entity.url ?? '#')}" target="_blank" rel="noreferrer">`, '</a>'];
    case 'url': {
      const url = text.slice(entity.offset, entity.offset + entity.length);
      const href = /^https?:\/\//i.test(url) ? url : `https://${url}`;
      return [`<a href="${escapeAttribute(href)}" target="_blank" rel="noreferrer">`, '</a>'];
    }
    default:
      return undefined;
  }
}

/**
 * Renders a message's text and entities (UTF-16 offsets, as the Bot API counts them) back to the HTML a
 * browser shows. Entities are properly nested in what the emulator stores, so a stack of open tags suffices.
 */
export function entitiesToHtml(text: string, entities: readonly MessageEntity[] = []): string {
  const spans = entities
    .map((entity) => ({ entity, tags: tagsOf(entity, text) }))
    .filter((s): s is { entity: MessageEntity; tags: [string, string] } => s.tags !== undefined)
    .sort((a, b) => a.entity.offset - b.entity.offset || b.entity.length - a.entity.length);
  const open: { end: number; close: string }[] = [];
  let html = '';
  let position = 0;
  const closeUpTo = (limit: number) => {
    while (open.length > 0 && (open.at(-1)?.end ?? 0) <= limit) {
      const top = open.pop() as { end: number; close: string };
      html += escapeText(text.slice(position, top.end)) + top.close;
      position = top.end;
    }
  };
  for (const { entity, tags } of spans) {
    closeUpTo(entity.offset);
    html += escapeText(text.slice(position, entity.offset)) + tags[0];
    position = entity.offset;
    open.push({ end: entity.offset + entity.length, close: tags[1] });
  }
  closeUpTo(Number.POSITIVE_INFINITY);
  return html + escapeText(text.slice(position));
}
