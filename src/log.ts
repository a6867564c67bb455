import { type Logger, pino } from 'pino';

export type { Logger };

const TOKEN_IN_TEXT = /\d{5,}:[A-Za-z0-9_-]{20,}/g;

/** Removes bot tokens from a text: fetch errors carry the request URL, which holds the token. */
export function redactSecrets(text: string): string {
  return text.replace(TOKEN_IN_TEXT, '<token>');
}

/**
 * The process logger: JSON lines on stderr. No personal data goes in: log ids of updates, never names,
 * answers, ID numbers or photos. Error messages are scrubbed of the bot token.
 */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    {
      level,
      base: undefined,
      serializers: { err: serializeError },
      redact: { paths: ['token', 'botToken', '*.token', '*.botToken'], censor: '<redacted>' },
    },
    destination as pino.DestinationStream,
  );
}

/** An error as it goes into a log line: its type, message and stack, and so on down its `cause` chain. */
export interface SerializedError {
  readonly type: string | undefined;
  readonly message: string;
  readonly stack: string;
  readonly cause?: SerializedError;
}

/** How far down a `cause` chain the log follows; a longer chain (or a loop) ends in a note. */
const MAX_CAUSE_DEPTH = 8;

/**
 * Serializes an error for the log, its causes included (a CorruptRecordError's zod error, a failed
 * request's network error): each scrubbed of the bot token like the rest. A value thrown that is not an
 * Error is logged as its text.
 */
export function serializeError(error: unknown): SerializedError {
  return serializeChain(error, new Set());
}

function serializeChain(error: unknown, seen: Set<unknown>): SerializedError {
  seen.add(error);
  const e = error as Partial<Error> | null | undefined;
  const serialized = {
    type: e?.name,
    message: redactSecrets(String(e?.message ?? error)),
    stack: redactSecrets(String(e?.stack ?? '')),
  };
  const cause = e instanceof Error ? e.cause : undefined;
  if (cause === undefined) return serialized;
  if (seen.has(cause) || seen.size >= MAX_CAUSE_DEPTH) {
    const note = seen.has(cause) ? 'a cause already logged above (a loop)' : 'more causes, not logged';
    return { ...serialized, cause: { type: undefined, message: note, stack: '' } };
  }
  return { ...serialized, cause: serializeChain(cause, seen) };
}
