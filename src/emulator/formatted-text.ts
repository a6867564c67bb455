import { badRequest } from './bot-api-error.js';
import type { MessageEntity } from './bot-api-types.js';
import { parseHtmlMarkup } from './html-markup.js';
import type { ParsedMarkup } from './markup-text.js';

/** Telegram's limit on message text, counted after entity parsing. */
export const MAX_MESSAGE_TEXT_LENGTH = 4096;
/** Telegram's limit on media captions, counted after entity parsing. */
export const MAX_CAPTION_LENGTH = 1024;

/** Text with its entities, as it ends up in a Message. */
export interface FormattedText {
  readonly text: string;
  readonly entities: readonly MessageEntity[];
}

/** Reads the markup of one parse mode into text and entities, or Telegram's reason to refuse it. */
export type MarkupParser = (markup: string) => ParsedMarkup;

/**
 * The parse modes the emulator understands, by lowercase name (`html`, `markdownv2`); `parse_mode` is
 * matched case-insensitively and a mode missing here is refused with `unsupported parse_mode`.
 * An extension point: the core knows HTML, the only mode the bot sends; the testing entry adds Markdown.
 */
export type ParseModeTable = ReadonlyMap<string, MarkupParser>;

/** The parse modes of the shipped emulator. */
export const CORE_PARSE_MODES: ParseModeTable = new Map([['html', parseHtmlMarkup]]);

/** What a call says about one piece of text. */
export interface FormattedTextInput {
  readonly text: string | undefined;
  readonly parseMode: string | undefined;
  /** Explicit entities (`entities` / `caption_entities`), used when there is no parse mode. */
  readonly entities: unknown;
  /** The parse modes the emulator understands (`MethodContext.parseModes`). */
  readonly parseModes: ParseModeTable;
}

/**
 * Reads a message text the way Telegram does: parse mode applied, surrounding whitespace trimmed,
 * then checked to be non-empty and at most 4096 characters.
 * Lengths are counted in UTF-16 code units (the unit of entity offsets); for text outside the
 * Basic Multilingual Plane (emoji) this is stricter than counting code points, never looser.
 * @throws BotApiError 400 `message text is empty`, `message is too long`, `can't parse entities: ...`,
 *   `unsupported parse_mode`.
 */
export function readMessageText(input: FormattedTextInput): FormattedText {
  const formatted = input.text === undefined ? undefined : format(input);
  if (!formatted || formatted.text === '') throw badRequest('message text is empty');
  if (formatted.text.length > MAX_MESSAGE_TEXT_LENGTH) throw badRequest('message is too long');
  return formatted;
}

/**
 * Reads a media caption; undefined when there is none (an empty caption is no caption).
 * @throws BotApiError 400 `message caption is too long`, `can't parse entities: ...`.
 */
export function readCaption(input: FormattedTextInput): FormattedText | undefined {
  if (input.text === undefined) return undefined;
  const formatted = format(input);
  if (formatted.text === '') return undefined;
  if (formatted.text.length > MAX_CAPTION_LENGTH) throw badRequest('message caption is too long');
  return formatted;
}

function format({ text = '', parseMode, entities, parseModes }: FormattedTextInput): FormattedText {
  const mode = (parseMode ?? '').trim().toLowerCase();
  let parsed: ParsedMarkup;
  if (mode === '') parsed = { ok: true, text, entities: readExplicitEntities(entities, text.length) };
  else {
    const parse = parseModes.get(mode);
    if (!parse) throw badRequest('unsupported parse_mode');
    parsed = parse(text);
  }
  if (!parsed.ok) throw badRequest(`can't parse entities: ${parsed.reason}`);
  return trim(parsed.text, parsed.entities);
}

function readExplicitEntities(raw: unknown, textLength: number): MessageEntity[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw badRequest("can't parse entities JSON object");
  return raw.map((entity: unknown) => {
    const candidate = entity as Partial<MessageEntity> | null;
    if (
      typeof candidate !== 'object' ||
      candidate === null ||
      typeof candidate.type !== 'string' ||
      !Number.isInteger(candidate.offset) ||
      !Number.isInteger(candidate.length)
    ) {
      throw badRequest("can't parse MessageEntity JSON object");
    }
    const offset = Math.min(Math.max(0, candidate.offset as number), textLength);
    const length = Math.min(Math.max(0, candidate.length as number), textLength - offset);
    return { ...candidate, type: candidate.type, offset, length };
  });
}

/** Drops whitespace around the text, as Telegram does, keeping entities on the same characters. */
function trim(text: string, entities: readonly MessageEntity[]): FormattedText {
  const lead = /^\s*/.exec(text)?.[0].length ?? 0;
  const trimmed = text.slice(lead).trimEnd();
  if (lead === 0 && trimmed.length === text.length) {
    return { text, entities: entities.filter((e) => e.length > 0) };
  }
  const kept: MessageEntity[] = [];
  for (const entity of entities) {
    const start = Math.max(0, entity.offset - lead);
    const end = Math.min(trimmed.length, entity.offset + entity.length - lead);
    if (end > start) kept.push({ ...entity, offset: start, length: end - start });
  }
  return { text: trimmed, entities: kept };
}
