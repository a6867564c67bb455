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

/** `429 Too Many Requests: retry after N` with `parameters.retry_after`, as flood control answers. */
export function tooManyRequests(retryAfterSeconds: number): BotApiError {
  return new BotApiError(429, `Too Many Requests: retry after ${retryAfterSeconds}`, {
    retry_after: retryAfterSeconds,
  });
}

/** The description Telegram gives a status when a fault is injected without one. */
export function defaultDescriptionFor(errorCode: number): string {
  switch (errorCode) {
    case 400:
      return 'Bad Request: injected failure';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden: bot was blocked by the user';
    case 404:
      return 'Not Found';
    case 409:
      return 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
    case 500:
      return 'Internal Server Error';
    case 502:
      return 'Bad Gateway';
    default:
      return `Error ${errorCode}`;
  }
}

export const MESSAGE_NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

export const QUERY_TOO_OLD = 'query is too old and response timeout expired or query ID is invalid';

export const GET_UPDATES_CONFLICT =
  'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
