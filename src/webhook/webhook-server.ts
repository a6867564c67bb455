import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UpdateGate } from '../app/ports/update-gate.js';
import { UpdateAlreadyApplied } from '../errors.js';
import type { Logger } from '../log.js';
import { applyingUpdate } from './applied-once.js';
import { withWebhookAnswer } from './webhook-answer.js';

/** An update as Telegram posts it: only its id and where it comes from are read here. */
export interface IncomingUpdate {
  readonly update_id: number;
  readonly [field: string]: unknown;
}

export interface WebhookServerOptions {
  readonly port: number;
  /** Default 127.0.0.1: the load balancer in front is what the world reaches (contracts §7). */
  readonly host?: string;
  /** The path of WEBHOOK_URL, where updates are posted. */
  readonly path: string;
  /** WEBHOOK_SECRET: Telegram sends it as X-Telegram-Bot-Api-Secret-Token. */
  readonly secret: string;
  /**
   * Applies one update: resolves once its effects are stored (or queued durably), rejects when they could not
   * be, so that Telegram delivers it again.
   */
  readonly apply: (update: IncomingUpdate) => Promise<void>;
  /** One update of a chat at a time, across every instance, each applied once. */
  readonly gate: UpdateGate;
  /** Whether the store answers (GET /healthz). */
  readonly healthy: () => Promise<boolean>;
  readonly log: Logger;
  /** Updates applied at once by this instance; more are refused with 503 and Retry-After. Default 64. */
  readonly maxInFlight?: number;
  /** An update not applied by then is answered 503 (it goes on; its re-delivery finds it done). Default 25 s. */
  readonly answerWithinMs?: number;
}

export interface WebhookServer {
  /** `http://host:port`, the port as bound (0 in the options picks a free one). */
  readonly url: string;
  /** Stops taking requests and resolves once the updates in hand are answered. */
  close(): Promise<void>;
}

/** Telegram's updates are a few kilobytes; anything far larger is not one. */
const MAX_BODY_BYTES = 1024 * 1024;

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares the secret in constant time (both sides hashed, so their lengths say nothing either). */
function secretMatches(expected: Buffer, given: string | string[] | undefined): boolean {
  return typeof given === 'string' && timingSafeEqual(expected, digest(given));
}

/** The chat an update belongs to (a button press: the chat of its message, else its sender's). */
export function chatIdOf(update: IncomingUpdate): number | undefined {
  const record = update as unknown as Record<string, { chat?: { id?: number } } | undefined>;
  const press = update.callback_query as
    | { message?: { chat?: { id?: number } }; from?: { id?: number } }
    | undefined;
  if (press) return press.message?.chat?.id ?? press.from?.id;
  return ['message', 'edited_message', 'my_chat_member', 'channel_post', 'edited_channel_post']
    .map((field) => record[field]?.chat?.id)
    .find((id) => id !== undefined);
}

/** Who sent an update (a message's or a button press's sender). */
export function userIdOf(update: IncomingUpdate): number | undefined {
  const record = update as unknown as Record<string, { from?: { id?: number } } | undefined>;
  return ['callback_query', 'message', 'edited_message']
    .map((field) => record[field]?.from?.id)
    .find(Boolean);
}

/** The lock an update is applied under: its messages and its button presses share one. */
export function chatKeyOf(update: IncomingUpdate): string {
  const chatId = chatIdOf(update);
  return chatId === undefined ? `update:${update.update_id}` : `chat:${chatId}`;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      // Read the rest without keeping it, so the client gets its 413 rather than a reset connection.
      request.off('data', onData);
      request.resume();
      chunks.length = 0;
      reject(new HttpError(413, 'update too large'));
    };
    request.on('data', onData);
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function parseUpdate(body: Buffer): IncomingUpdate {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'not JSON');
  }
  const id = (parsed as { update_id?: unknown } | null)?.update_id;
  if (typeof parsed !== 'object' || parsed === null || !Number.isSafeInteger(id) || (id as number) < 0)
    throw new HttpError(400, 'not an update');
  return parsed as IncomingUpdate;
}

/**
 * The bot's own HTTP edge in webhook mode, instead of telegraf's callback (which answers 200 even when the
 * handler threw, so Telegram never delivers the update again, and waits 90 s where Telegram waits 60 s).
 * An update is answered 200 only once it is applied and recorded; one already recorded is answered 200 and
 * causes nothing; a failure is 500 and an overload 503 with Retry-After, so Telegram delivers it again.
 * Updates of one chat are applied one at a time across instances (a press may arrive at another instance
 * while that chat's message is still being applied), under the chat lock, where the log is checked again.
 */
export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const { log, gate } = options;
  const expected = digest(options.secret);
  const maxInFlight = options.maxInFlight ?? 64;
  const answerWithinMs = options.answerWithinMs ?? 25_000;
  const running = new Set<Promise<unknown>>();
  let inFlight = 0;

  const applyOnce = (update: IncomingUpdate) =>
    gate.run(
      { chatKey: chatKeyOf(update), updateId: update.update_id, userId: userIdOf(update) },
      async () => {
        try {
          await applyingUpdate(update.update_id, () => options.apply(update));
        } catch (error) {
          // Its first delivery changed an applicant but was never noted here (the instance died in between).
          if (!(error instanceof UpdateAlreadyApplied)) throw error;
        }
      },
    );

  async function onUpdate(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!secretMatches(expected, request.headers['x-telegram-bot-api-secret-token'])) {
      request.resume();
      throw new HttpError(401, 'wrong secret token');
    }
    const update = parseUpdate(await readBody(request));
    if (inFlight >= maxInFlight) {
      response.setHeader('Retry-After', '1');
      throw new HttpError(503, 'busy');
    }
    inFlight++;
    const work = withWebhookAnswer(update.update_id, () => applyOnce(update)).finally(() => {
      inFlight--;
      running.delete(work);
    });
    running.add(work);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), answerWithinMs);
    });
    try {
      const outcome = await Promise.race([work, late]);
      if (outcome === 'late') {
        // Telegram gives up at 60 s and delivers again; the work goes on and its re-delivery will find it done.
        log.warn({ updateId: update.update_id }, 'update still being applied; answered 503');
        response.setHeader('Retry-After', '5');
        throw new HttpError(503, 'still applying');
      }
      if (outcome.result === 'duplicate') log.debug({ updateId: update.update_id }, 'update already applied');
      // A call the update left for this answer (a button press's answerCallbackQuery): Telegram makes it now.
      if (outcome.call) {
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(outcome.call));
        return;
      }
    } catch (error) {
      if (error instanceof HttpError) throw error;
      log.error({ updateId: update.update_id, err: error }, 'update not applied; answered 500');
      throw new HttpError(500, 'not applied');
    } finally {
      clearTimeout(timer);
    }
    response.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
  }

  async function onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '').split('?')[0];
    try {
      if (request.method === 'GET' && path === '/healthz') {
        const ok = await options.healthy().catch(() => false);
        response
          .writeHead(ok ? 200 : 503, { 'Content-Type': 'text/plain' })
          .end(ok ? 'ok' : 'store unreachable');
        return;
      }
      if (path !== options.path) throw new HttpError(404, 'not found');
      if (request.method !== 'POST') {
        response.setHeader('Allow', 'POST');
        throw new HttpError(405, 'POST only');
      }
      await onUpdate(request, response);
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500;
      if (!response.headersSent)
        response
          .writeHead(status, { 'Content-Type': 'text/plain' })
          .end(error instanceof HttpError ? error.message : 'error');
    }
  }

  const server = createServer((request, response) => void onRequest(request, response));
  // Telegram keeps connections open between updates; a request must still end well within its 60 s.
  server.requestTimeout = 55_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.allSettled([...running]);
      await closed;
    },
  };
}
