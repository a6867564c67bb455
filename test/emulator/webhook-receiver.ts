import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update } from '../../src/emulator/bot-api-types.js';

/** One POST the "bot" received. */
export interface ReceivedPost {
  readonly update: Update;
  readonly headers: IncomingHttpHeaders;
  readonly path: string;
}

/** How the "bot" answers one POST. */
export interface WebhookAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** Decides the answer to a POST; may take as long as it likes (a slow handler). */
export type WebhookHandler = (post: ReceivedPost) => WebhookAnswer | Promise<WebhookAnswer>;

/** A promise the test resolves by hand: a handler held until the test lets it answer. */
export interface Gate {
  readonly promise: Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** The text of a `message` update, or `press:<data>` for a button press, to read orders by. */
export function label(update: Update): string {
  if (update.message?.text !== undefined) return update.message.text;
  if (update.callback_query) return `press:${update.callback_query.data ?? ''}`;
  return Object.keys(update).find((key) => key !== 'update_id') ?? '?';
}

/**
 * A plain node:http server standing in for the bot's webhook. It records every POST, tracks how many
 * are being handled at once (overall and per key of `concurrencyKey`), and can be stopped and started
 * again on the same port to play a bot that is down.
 */
export class WebhookReceiver {
  readonly posts: ReceivedPost[] = [];
  handler: WebhookHandler = () => ({ status: 200 });
  maxConcurrent = 0;
  maxConcurrentPerKey = 0;
  private concurrent = 0;
  private readonly concurrentByKey = new Map<string, number>();
  private readonly postWaiters: Array<{ readonly count: number; readonly resolve: () => void }> = [];
  private server: Server | undefined;
  private port = 0;

  constructor(private readonly concurrencyKey: (update: Update) => string = () => 'all') {}

  /** `http://127.0.0.1:<port>/<path>`; the port stays the same across stop and start. */
  url(path = 'telegram-webhook'): string {
    return `http://127.0.0.1:${this.port}/${path}`;
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const post: ReceivedPost = {
          update: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update,
          headers: request.headers,
          path: request.url ?? '',
        };
        void this.answer(post, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and drops every open connection, so the next POST finds the port refused. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  /** Resolves once `count` POSTs have arrived in all. */
  whenPosts(count: number): Promise<void> {
    if (this.posts.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.postWaiters.push({ count, resolve }));
  }

  /** The labels of the POSTs so far, in arrival order; optionally only those of one key. */
  labels(key?: string): string[] {
    return this.posts
      .filter((post) => key === undefined || this.concurrencyKey(post.update) === key)
      .map((post) => label(post.update));
  }

  private async answer(post: ReceivedPost, response: import('node:http').ServerResponse): Promise<void> {
    const key = this.concurrencyKey(post.update);
    this.concurrent++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.concurrent);
    const inKey = (this.concurrentByKey.get(key) ?? 0) + 1;
    this.concurrentByKey.set(key, inKey);
    this.maxConcurrentPerKey = Math.max(this.maxConcurrentPerKey, inKey);
    this.posts.push(post);
    for (const waiter of [...this.postWaiters]) {
      if (this.posts.length >= waiter.count) {
        this.postWaiters.splice(this.postWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    try {
      const answer = await this.handler(post);
      this.release(key);
      if (!response.destroyed) {
        response.writeHead(answer.status, answer.headers ?? {});
        response.end(answer.body ?? '');
      }
    } catch (error) {
      this.release(key);
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private release(key: string): void {
    this.concurrent--;
    this.concurrentByKey.set(key, (this.concurrentByKey.get(key) ?? 1) - 1);
  }
}
