export { escapeHtml } from '../domain/text.js';

/** Telegram's limit on one message's text. */
export const MAX_MESSAGE_CHARS = 4096;

/**
 * Splits a long HTML message at blank lines so each part stays under Telegram's limit. Parts never cut a
 * tag because every tag the bot writes opens and closes on one line.
 */
export function splitMessage(html: string, limit = MAX_MESSAGE_CHARS - 96): string[] {
  if (html.length <= limit) return [html];
  const parts: string[] = [];
  let current = '';
  for (const block of html.split('\n\n')) {
    const candidate = current ? `${current}\n\n${block}` : block;
    if (candidate.length <= limit) {
      current = candidate;
      continue;
    }
    if (current) parts.push(current);
    current = block;
    while (current.length > limit) {
      const cut = current.lastIndexOf('\n', limit);
      const at = cut > 0 ? cut : limit;
      parts.push(current.slice(0, at));
      current = current.slice(at).replace(/^\n/, '');
    }
  }
  if (current) parts.push(current);
  return parts;
}
