import type { Context } from 'telegraf';
import type { Lang } from '../domain/text.js';

/** The language of a person the bot has no record of yet: Chinese first, English on request (/lang). */
export const DEFAULT_LANG: Lang = 'zh';

/** What the first middleware learns once per update and every handler reads. */
interface UpdateState {
  lang?: Lang;
}

/** Remembers the language of the person behind this update (see guard-composer.ts). */
export function setLangOf(ctx: Context, lang: Lang | undefined): void {
  (ctx.state as UpdateState).lang = lang ?? DEFAULT_LANG;
}

/** The language to answer this update in: the sender's choice, loaded once when the update arrived. */
export function langOf(ctx: Context): Lang {
  return (ctx.state as UpdateState).lang ?? DEFAULT_LANG;
}
