import type { Update } from './bot-api-types.js';

/** Telegram's header carrying the webhook's `secret_token`. */
export const SECRET_TOKEN_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

/** Where one update goes: the webhook as `setWebhook` last set it. */
export interface WebhookTarget {
  readonly url: string;
  readonly secretToken: string | undefined;
}

/** A Bot API call the bot made in its webhook answer (`{"method": "sendMessage", ...}`), as Telegram allows. */
export interface WebhookReplyCall {
  readonly method: string;
  /** The answer's JSON body, which holds the call's parameters beside `method`. */
  readonly body: Uint8Array;
}

/** How one POST of an update ended. */
export type WebhookAttemptOutcome =
  | { readonly ok: true; readonly status: number; readonly replyCall?: WebhookReplyCall }
  | {
      readonly ok: false;
      /** Absent when no HTTP answer came (refused, reset, timed out). */
      readonly status?: number;
      /** As getWebhookInfo's `last_error_message` words it. */
      readonly error: string;
      /** Seconds from the answer's `Retry-After` header. */
      readonly retryAfterSeconds?: number;
    };

const CHAT_KINDS = [
  'message',
  'edited_message',
  'channel_post',
  'edited_channel_post',
  'business_message',
  'edited_business_message',
  'deleted_business_messages',
  'message_reaction',
  'message_reaction_count',
  'my_chat_member',
  'chat_member',
  'chat_join_request',
  'chat_boost',
  'removed_chat_boost',
];
const USER_KINDS = [
  'callback_query',
  'inline_query',
  'chosen_inline_result',
  'shipping_query',
  'pre_checkout_query',
  'purchased_paid_media',
];

/**
 * The delivery queue an update waits in, as Telegram orders webhooks: the messages and member changes of one
 * chat in one queue, the button presses (and other queries) of one user in another, so a press can overtake
 * a slow message of the same private chat. Private chat ids equal user ids, hence the prefixes.
 */
export function deliveryQueueKey(update: Update): string {
  for (const kind of CHAT_KINDS) {
    const chatId = chatIdOf(update[kind]);
    if (chatId !== undefined) return `chat:${chatId}`;
  }
  for (const kind of USER_KINDS) {
    const userId = idOf((update[kind] as { from?: unknown } | undefined)?.from);
    if (userId !== undefined) return `user:${userId}`;
  }
  const voter = idOf((update.poll_answer as { user?: unknown } | undefined)?.user);
  if (voter !== undefined) return `user:${voter}`;
  // Polls and kinds without a chat or user share one queue, keeping their order.
  return `kind:${Object.keys(update).find((key) => key !== 'update_id') ?? 'unknown'}`;
}

function chatIdOf(payload: unknown): number | undefined {
  return idOf((payload as { chat?: unknown } | undefined)?.chat);
}

function idOf(entity: unknown): number | undefined {
  const id = (entity as { id?: unknown } | undefined)?.id;
  return typeof id === 'number' ? id : undefined;
}

/**
 * POSTs one update as JSON and says how it went. Only a 2xx counts as delivered; whatever the bot answered
 * is read to the end so a kept-alive connection can serve the next update.
 * @param timeout aborted (with any reason) when the answer took too long; Telegram gives 60 s.
 */
export async function postUpdate(
  target: WebhookTarget,
  update: Update,
  timeout: AbortSignal,
): Promise<WebhookAttemptOutcome> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (target.secretToken !== undefined) headers[SECRET_TOKEN_HEADER] = target.secretToken;
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers,
      body: JSON.stringify(update),
      signal: timeout,
    });
    const body = new Uint8Array(await response.arrayBuffer());
    if (response.status >= 200 && response.status < 300) {
      const replyCall = readReplyCall(response.headers.get('content-type'), body);
      return { ok: true, status: response.status, ...(replyCall ? { replyCall } : {}) };
    }
    const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
    return {
      ok: false,
      status: response.status,
      error: `Wrong response from the webhook: ${response.status} ${response.statusText}`.trim(),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    };
  } catch (error) {
    if (timeout.aborted) return { ok: false, error: 'Read timeout expired' };
    return { ok: false, error: describeConnectionError(error) };
  }
}

/** `Retry-After` in seconds; an HTTP date is turned into the seconds until it, never negative. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function readReplyCall(contentType: string | null, body: Uint8Array): WebhookReplyCall | undefined {
  if (body.length === 0 || !contentType?.toLowerCase().includes('application/json')) return undefined;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(body)) as { method?: unknown } | null;
    const method = parsed?.method;
    return typeof method === 'string' && /^[A-Za-z]+$/.test(method) ? { method, body } : undefined;
  } catch {
    return undefined;
  }
}

/** Telegram's wording for the usual transport failures; fetch hides the code in `cause`. */
function describeConnectionError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; errors?: ReadonlyArray<{ code?: unknown }> } })?.cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'Connection refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'Connection reset by peer';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'Failed to resolve host: Name or service not known';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'Connection timed out';
    default:
      return `Connection failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}
