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
      serializers: {
        err: (error: unknown) => {
          const e = error as Error;
          return {
            type: e?.name,
            message: redactSecrets(String(e?.message ?? error)),
            stack: redactSecrets(String(e?.stack ?? '')),
          };
        },
      },
      redact: { paths: ['token', 'botToken', '*.token', '*.botToken'], censor: '<redacted>' },
    },
    destination as pino.DestinationStream,
  );
}
