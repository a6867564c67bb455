import type { ResponseParameters } from './bot-api-types.js';

/** The body of a refused Bot API call, exactly as Telegram sends it. */
export interface BotApiErrorBody {
  readonly ok: false;
  readonly error_code: number;
  readonly description: string;
  readonly parameters?: ResponseParameters;
}

/**
 * A refusal of the emulated Bot API. Handlers throw it; the HTTP layer turns it into
 * `{ ok: false, error_code, description, parameters? }` with `error_code` as the HTTP status,
 * which is what telegraf's `TelegramError` is built from.
 */
export class BotApiError extends Error {
  override name = 'BotApiError';
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(`${errorCode}: ${description}`);
  }

  toBody(): BotApiErrorBody {
    return {
      ok: false,
      error_code: this.errorCode,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

/** `400 Bad Request: <reason>`, Telegram's answer to anything wrong with the call itself. */
export function badRequest(reason: string): BotApiError {
  return new BotApiError(400, `Bad Request: ${reason}`);
}

/** `403 Forbidden: <reason>`, e.g. `bot was blocked by the user`. */
export function forbidden(reason: string): BotApiError {
  return new BotApiError(403, `Forbidden: ${reason}`);
}

export const MESSAGE_NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

export const QUERY_TOO_OLD = 'query is too old and response timeout expired or query ID is invalid';

export const GET_UPDATES_CONFLICT =
  'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
