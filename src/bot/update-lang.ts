import type { Context } from 'telegraf';
import { DEFAULT_LANG, type Lang } from '../domain/text.js';

export { DEFAULT_LANG };

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
