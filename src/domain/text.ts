import { z } from 'zod';

/** The languages every applicant-facing text comes in. Chinese first: candidates write Chinese. */
export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** The language of a person the service has no record of yet: Chinese first, English on request. */
export const DEFAULT_LANG: Lang = 'zh';

export const TextSchema = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
/** One applicant-facing text in every language. */
export type Text = z.infer<typeof TextSchema>;

export type TextVars = Readonly<Record<string, string | number | boolean | undefined>>;

const PLACEHOLDER = /\{(\w+)\}/g;

/** The names of the `{placeholders}` a template uses. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** Fills `{name}` placeholders; a name without a value is left as written so a gap is visible, not blank. */
export function fillTemplate(template: string, vars: TextVars = {}): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

/** The text in `lang`, placeholders filled. */
export function localize(text: Text, lang: Lang, vars?: TextVars): string {
  return fillTemplate(text[lang], vars);
}

/** Escapes text for Telegram's HTML parse mode: flow texts are plain text, messages are HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
