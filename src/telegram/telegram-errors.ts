import { TelegramError } from 'telegraf';

/**
 * Errors from Telegram that are part of normal life and need no reply or alarm: the applicant blocked the
 * bot or deleted their account, a button was pressed twice (message is not modified), or a callback was
 * answered too late. Recognised here, in one place.
 */
export function isBenignTelegramError(error: unknown): boolean {
  if (!(error instanceof TelegramError)) return false;
  if (error.code === 403) return true;
  const description = error.description ?? '';
  return (
    description.includes('message is not modified') ||
    description.includes('query is too old') ||
    description.includes('message to edit not found')
  );
}

/** The applicant blocked the bot or is gone: sending to them again is pointless. */
export function isBlockedError(error: unknown): boolean {
  return error instanceof TelegramError && error.code === 403;
}
