/** The answer to one send, failures already sorted by what to do about them. */
export type SendResult =
  | { readonly ok: true; readonly messageId: number }
  /** 429: Telegram asks to wait `retryAfterMs` before sending anything more. */
  | {
      readonly ok: false;
      readonly kind: 'rate_limited';
      readonly retryAfterMs: number;
      readonly error: string;
    }
  /** 403: the user blocked the bot or is gone; never retried. */
  | { readonly ok: false; readonly kind: 'blocked'; readonly error: string }
  /** The same request would get the same answer (400: chat not found, bad HTML); never retried. */
  | { readonly ok: false; readonly kind: 'permanent'; readonly error: string }
  /** Network trouble or a server error: retried with backoff. */
  | { readonly ok: false; readonly kind: 'transient'; readonly error: string };

/** A failed send, sorted. */
export type SendFailure = Exclude<SendResult, { ok: true }>;

/**
 * The Sender port: sends one Telegram-HTML message to a chat. Never throws: every failure comes back as a
 * `SendResult`, sorted by what to do about it; `error` holds the reason, never the token.
 *
 * One function rather than an object with a `send` method: the outbox needs nothing else yet, and a plain
 * function is what tests hand it. Edit and send-a-document join as their own functions when a caller needs
 * them.
 */
export type SendMessage = (chatId: number, html: string) => Promise<SendResult>;
