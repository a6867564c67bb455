import { TelegramError } from 'telegraf';
import type { SendFailure } from '../app/ports/sender.js';
import { redactSecrets } from '../log.js';
import { isBlockedError } from './telegram-errors.js';

/** Room for an error in the outbox record (see `OutboxRecordSchema.lastError`). */
const MAX_ERROR_CHARS = 300;

/** Sorts a failed send: 429 with its `retry_after`, 403 blocked, other 4xx permanent, the rest transient. */
export function classifySendError(error: unknown): SendFailure {
  if (!(error instanceof TelegramError)) {
    const message = redactSecrets(String((error as Error)?.message ?? error)).slice(0, MAX_ERROR_CHARS);
    return { ok: false, kind: 'transient', error: message };
  }
  const text = `${error.code}: ${error.description}`.slice(0, MAX_ERROR_CHARS);
  if (error.code === 429) {
    // https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
    const seconds = error.parameters?.retry_after ?? 1;
    return { ok: false, kind: 'rate_limited', retryAfterMs: seconds * 1000, error: text };
  }
  if (isBlockedError(error)) return { ok: false, kind: 'blocked', error: text };
  if (error.code >= 400 && error.code < 500) return { ok: false, kind: 'permanent', error: text };
  return { ok: false, kind: 'transient', error: text };
}
