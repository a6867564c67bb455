import { BotApiError, GET_UPDATES_CONFLICT } from '../bot-api-error.js';

/** How the next calls of a method should fail. */
export interface FailNextOptions {
  /** How many calls fail; default 1. */
  readonly count?: number;
  /** Default 429. */
  readonly errorCode?: number;
  /** Seconds, for 429; default 1. Telegram sends it as `parameters.retry_after`. */
  readonly retryAfter?: number;
  /** Defaults to Telegram's wording for the code, e.g. `Too Many Requests: retry after 2`. */
  readonly description?: string;
}

interface PlannedFault {
  remaining: number;
  readonly error: BotApiError;
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
      return GET_UPDATES_CONFLICT;
    case 500:
      return 'Internal Server Error';
    case 502:
      return 'Bad Gateway';
    default:
      return `Error ${errorCode}`;
  }
}

/** Faults injected by tests, consumed one per call of the method, oldest plan first. */
export class FaultPlan {
  private readonly plans = new Map<string, PlannedFault[]>();

  add(method: string, options: FailNextOptions = {}): void {
    const { count = 1, errorCode = 429, retryAfter = 1, description } = options;
    if (!Number.isInteger(count) || count < 1) {
      throw new Error(`failNext count must be a positive integer, got ${count}`);
    }
    const error =
      errorCode === 429 && description === undefined
        ? tooManyRequests(retryAfter)
        : new BotApiError(
            errorCode,
            description ?? defaultDescriptionFor(errorCode),
            errorCode === 429 ? { retry_after: retryAfter } : undefined,
          );
    const key = method.toLowerCase();
    const queue = this.plans.get(key) ?? [];
    queue.push({ remaining: count, error });
    this.plans.set(key, queue);
  }

  /** The error the next call of `method` must fail with, if one is planned. */
  take(method: string): BotApiError | undefined {
    const key = method.toLowerCase();
    const queue = this.plans.get(key);
    const next = queue?.[0];
    if (!queue || !next) return undefined;
    next.remaining--;
    if (next.remaining === 0) queue.shift();
    if (queue.length === 0) this.plans.delete(key);
    return next.error;
  }

  clear(): void {
    this.plans.clear();
  }
}
