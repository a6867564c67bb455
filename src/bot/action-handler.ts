import type { Context } from 'telegraf';
import type { BotDeps } from './bot-deps.js';
import type { ButtonPress } from './button-press.js';
import type { ActionKind, CallbackAction } from './callback-data.js';

/** The action of one kind, as parsed from a button's callback data. */
export type ActionOf<K extends ActionKind> = Extract<CallbackAction, { kind: K }>;

/** Handles one kind of button press: parse (done) → call a use-case → render. It answers the callback query. */
export type ActionHandler<K extends ActionKind> = (
  ctx: Context,
  deps: BotDeps,
  action: ActionOf<K>,
  press: ButtonPress,
) => Promise<void>;

/** Handlers for some kinds; create-bot.ts joins them into one for every kind, which the compiler checks. */
export type ActionHandlers<K extends ActionKind> = { readonly [P in K]: ActionHandler<P> };
