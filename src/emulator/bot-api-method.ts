import type { EmulatorState } from './emulator-state.js';
import type { ParseModeTable } from './formatted-text.js';
import type { RequestParams } from './request-params.js';

export interface MethodContext {
  readonly state: EmulatorState;
  /** The parse modes `parse_mode` may name. */
  readonly parseModes: ParseModeTable;
  /** Aborted when the bot drops the HTTP call (telegraf does on `bot.stop()` during a long poll). */
  readonly signal: AbortSignal;
}

/**
 * One Bot API method: reads its parameters, changes the state, returns the `result`.
 * Refusals are thrown as BotApiError.
 */
export type MethodHandler = (params: RequestParams, context: MethodContext) => unknown;

/** Handlers by their Bot API method name, spelled as Telegram documents it. */
export type MethodTable = Readonly<Record<string, MethodHandler>>;
