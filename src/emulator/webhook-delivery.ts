/**
 * Webhook delivery: while the bot has a webhook set, the emulator POSTs each update to it as Telegram does.
 *
 * Turning it on from a test: nothing to configure. Start the emulator, start the bot with the emulator's
 * `apiRoot`; when the bot calls `setWebhook` (url `http://127.0.0.1:<port>/<path>`, `secret_token`,
 * optionally `max_connections` and `allowed_updates`) delivery starts, updates queued before included.
 * The emulator only needs to reach that address. `deleteWebhook` (or `setWebhook` with an empty url) hands
 * what is left back to `getUpdates`. Waiting: `user.waitForMessage()` works as in polling mode, and the
 * testing entry's `emulator.whenIdle()` resolves once nothing is pending and nothing is in flight;
 * `emulator.webhookStats()` counts deliveries, failures and retries.
 * Time: retry waits follow `WebhookDeliveryOptions.retryDelay` or `timeScale` (e.g. `{ timeScale: 0.001 }`
 * turns 2 s into 2 ms); the answer timeout (`requestTimeoutMs`, default 60 s) uses the global `setTimeout`
 * looked up at each request, so vitest's fake timers drive it.
 *
 * @example
 * const emulator = createTestBotApiEmulator({ webhook: { timeScale: 0.001 } });
 * const { apiRoot } = await emulator.start();
 * // the bot (own process or in-process) calls setWebhook('http://127.0.0.1:8443/tg', secret_token)
 * const user = emulator.createUser();
 * await user.sendText('/start');
 * await user.waitForMessage();
 * await emulator.whenIdle();
 */

import { type Delay, sleep } from './abortable-delay.js';
import type { Update } from './bot-api-types.js';
import type { UpdateQueue } from './update-queue.js';
import {
  deliveryQueueKey,
  postUpdate,
  type WebhookAttemptOutcome,
  type WebhookReplyCall,
  type WebhookTarget,
} from './webhook-request.js';

export type { Delay } from './abortable-delay.js';
export type { WebhookAttemptOutcome, WebhookReplyCall } from './webhook-request.js';

/** Telegram's default and ceiling for `max_connections`. */
export const DEFAULT_MAX_CONNECTIONS = 40;
export const MAX_MAX_CONNECTIONS = 100;
/** Telegram waits this long for the bot's answer. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** The second retry waits this long, each further one twice as long as the one before. */
export const FIRST_RETRY_DELAY_MS = 2_000;
export const DEFAULT_MAX_RETRY_DELAY_MS = 60_000;

export interface WebhookDeliveryOptions {
  /** How long the bot may take to answer one update; default Telegram's 60 s. */
  readonly requestTimeoutMs?: number;
  /** Cap on the wait between retries of one update (a `Retry-After` is honoured as given); default 60 s. */
  readonly maxRetryDelayMs?: number;
  /** Multiplies every retry wait (0.001: 2 s becomes 2 ms); ignored when `retryDelay` is given. Default 1. */
  readonly timeScale?: number;
  /** Waits between retries, called with the unscaled wait; default the global `setTimeout`. */
  readonly retryDelay?: Delay;
}

/** Watches deliveries, for statistics; the testing entry's `WebhookStats` implements it. */
export interface WebhookDeliveryObserver {
  attemptStarted(queue: string, update: Update): void;
  attemptEnded(queue: string, update: Update, outcome: WebhookAttemptOutcome): void;
  /** A failed update waits `ms` (unscaled) before it is POSTed again. */
  retryScheduled(queue: string, update: Update, ms: number): void;
}

/** The webhook as `setWebhook` sets it. */
export interface WebhookConfig extends WebhookTarget {
  readonly maxConnections: number;
}

export interface WebhookDeliveryDependencies {
  readonly options?: WebhookDeliveryOptions;
  readonly observer?: WebhookDeliveryObserver;
  /** Runs a Bot API call the bot put in its webhook answer; its result and errors go nowhere, as in Telegram. */
  readonly runReplyCall?: (call: WebhookReplyCall) => Promise<void>;
  /** Unix seconds, for `last_error_date`. */
  readonly nowSeconds: () => number;
}

interface CurrentUpdate {
  readonly update: Update;
  /** Consecutive failed POSTs of this update. */
  failures: number;
  inFlight: boolean;
  /** Aborts the wait before the next retry. */
  retryWait: AbortController | undefined;
  /** Forgotten by `drop_pending_updates` while in flight: not retried, not handed back. */
  dropped: boolean;
}

/** One chat's messages or one user's presses: one update in flight at a time, the next only after a 2xx. */
interface DeliveryQueue {
  readonly key: string;
  current: CurrentUpdate | undefined;
  readonly waiting: Update[];
}

/**
 * Delivers the updates of an `UpdateQueue` to the webhook while one is set. Per queue (see
 * `deliveryQueueKey`) one request at a time, in order; different queues concurrently, at most
 * `max_connections` requests in all. A failed update is retried until it gets a 2xx: at once, then after
 * 2, 4, 8 s … up to the cap, or after the answer's `Retry-After`. Nothing is ever dropped but by
 * `drop_pending_updates`.
 */
export class WebhookDelivery {
  private config: WebhookConfig | undefined;
  private readonly queues = new Map<string, DeliveryQueue>();
  /** Queues whose current update may be POSTed now, oldest first, waiting for a free connection. */
  private ready: DeliveryQueue[] = [];
  private inFlightCount = 0;
  private pendingCount = 0;
  private lastError: { readonly date: number; readonly message: string } | undefined;
  private readonly idleWaiters = new Set<() => void>();
  /** Aborts every request and wait when the emulator stops. */
  private shutdown = new AbortController();
  private readonly requestTimeoutMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly retryDelay: Delay;

  constructor(
    private readonly updates: UpdateQueue,
    private readonly deps: WebhookDeliveryDependencies,
  ) {
    const options = deps.options ?? {};
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
    const scale = options.timeScale ?? 1;
    this.retryDelay = options.retryDelay ?? ((ms, signal) => sleep(ms * scale, signal));
  }

  /** Whether a webhook is set (getUpdates then answers 409). */
  get active(): boolean {
    return this.config !== undefined;
  }

  get url(): string {
    return this.config?.url ?? '';
  }

  get maxConnections(): number | undefined {
    return this.config?.maxConnections;
  }

  /** Updates not yet answered with a 2xx: waiting, in flight, or waiting to be retried. */
  get pending(): number {
    return this.pendingCount;
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  /** The last failure, as getWebhookInfo reports it. */
  get lastErrorInfo(): { readonly date: number; readonly message: string } | undefined {
    return this.lastError;
  }

  /**
   * Sets or changes the webhook. The first call takes every update pending for getUpdates and, from then
   * on, every new one; a later call moves delivery to the new url (requests in flight finish where they are).
   */
  set(config: WebhookConfig): void {
    const wasActive = this.active;
    if (this.shutdown.signal.aborted) this.shutdown = new AbortController();
    this.config = config;
    if (!wasActive) {
      this.lastError = undefined;
      this.add(this.updates.divert((updates) => this.add(updates)));
    }
    this.pump();
    this.notifyIdle();
  }

  /**
   * Removes the webhook: requests in flight finish, everything else goes back to getUpdates in update
   * order (an update whose request then fails follows it there).
   */
  remove(): void {
    if (!this.config) return;
    this.config = undefined;
    this.lastError = undefined;
    this.ready = [];
    const handedBack: Update[] = [];
    for (const queue of this.queues.values()) {
      handedBack.push(...queue.waiting.splice(0));
      const current = queue.current;
      if (current && !current.inFlight) {
        current.retryWait?.abort();
        queue.current = undefined;
        handedBack.push(current.update);
      }
      this.forgetIfEmpty(queue);
    }
    this.pendingCount -= handedBack.length;
    this.updates.undivert();
    this.updates.restore(handedBack);
  }

  /** Forgets every pending update, as `drop_pending_updates` does; a request in flight still finishes. */
  dropPending(): void {
    let dropped = 0;
    for (const queue of this.queues.values()) {
      dropped += queue.waiting.splice(0).length;
      const current = queue.current;
      if (!current) continue;
      if (current.inFlight) {
        current.dropped = true;
      } else {
        current.retryWait?.abort();
        queue.current = undefined;
        dropped++;
      }
      this.forgetIfEmpty(queue);
    }
    this.ready = [];
    this.pendingCount -= dropped;
    this.notifyIdle();
  }

  /**
   * The emulator is stopping: aborts every request and retry wait, and hands every update not yet
   * answered with a 2xx back to getUpdates, so nothing is lost and nothing is sent afterwards.
   */
  stop(): void {
    const handedBack: Update[] = [];
    for (const queue of this.queues.values()) {
      if (queue.current && !queue.current.dropped) handedBack.push(queue.current.update);
      handedBack.push(...queue.waiting);
    }
    this.shutdown.abort();
    this.queues.clear();
    this.ready = [];
    this.pendingCount = 0;
    this.idleWaiters.clear();
    this.lastError = undefined;
    if (this.config) {
      this.config = undefined;
      this.updates.undivert();
    }
    this.updates.restore(handedBack);
  }

  /** Resolves once a webhook is set and every update has been answered with a 2xx (nothing waits, nothing in flight). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.add(resolve));
  }

  private isIdle(): boolean {
    return this.active && this.pendingCount === 0 && this.inFlightCount === 0;
  }

  private add(updates: readonly Update[]): void {
    for (const update of updates) {
      const key = deliveryQueueKey(update);
      let queue = this.queues.get(key);
      if (!queue) {
        queue = { key, current: undefined, waiting: [] };
        this.queues.set(key, queue);
      }
      queue.waiting.push(update);
      this.pendingCount++;
      if (!queue.current) this.advance(queue);
    }
    this.pump();
  }

  /** Makes the next waiting update of an idle queue its current one, ready to be POSTed. */
  private advance(queue: DeliveryQueue): void {
    const next = queue.waiting.shift();
    if (!next) {
      this.forgetIfEmpty(queue);
      return;
    }
    queue.current = { update: next, failures: 0, inFlight: false, retryWait: undefined, dropped: false };
    this.ready.push(queue);
  }

  /** Starts as many ready queues as connections allow. */
  private pump(): void {
    while (this.config && this.inFlightCount < this.config.maxConnections) {
      const queue = this.ready.shift();
      if (!queue) return;
      void this.deliver(queue, queue.current as CurrentUpdate, this.config);
    }
  }

  private async deliver(queue: DeliveryQueue, current: CurrentUpdate, config: WebhookConfig): Promise<void> {
    // Captured: a later `set` after `stop` replaces the controller, and this request belongs to the old one.
    const shutdown = this.shutdown.signal;
    current.inFlight = true;
    this.inFlightCount++;
    this.deps.observer?.attemptStarted(queue.key, current.update);
    const outcome = await this.post(config, current.update, shutdown);
    if (outcome.ok && outcome.replyCall && !shutdown.aborted) {
      // Telegram runs the call in the answer before it moves on, so its effect precedes the next update.
      await this.deps.runReplyCall?.(outcome.replyCall).catch(() => undefined);
    }
    current.inFlight = false;
    this.inFlightCount--;
    if (shutdown.aborted) return;
    this.deps.observer?.attemptEnded(queue.key, current.update, outcome);
    if (outcome.ok || current.dropped) {
      this.finishCurrent(queue);
    } else {
      this.lastError = { date: this.deps.nowSeconds(), message: outcome.error };
      current.failures++;
      if (this.active) this.scheduleRetry(queue, current, outcome);
      else this.handBack(queue);
    }
    this.pump();
    this.notifyIdle();
  }

  private post(config: WebhookConfig, update: Update, shutdown: AbortSignal): Promise<WebhookAttemptOutcome> {
    const timeout = new AbortController();
    const timer = new AbortController();
    const onShutdown = () => timeout.abort(shutdown.reason);
    shutdown.addEventListener('abort', onShutdown, { once: true });
    sleep(this.requestTimeoutMs, timer.signal).then(
      () => timeout.abort(new Error('webhook answer timed out')),
      () => undefined,
    );
    return postUpdate(config, update, timeout.signal).finally(() => {
      timer.abort();
      shutdown.removeEventListener('abort', onShutdown);
    });
  }

  /** The current update got its 2xx (or was dropped): the queue moves on. */
  private finishCurrent(queue: DeliveryQueue): void {
    queue.current = undefined;
    this.pendingCount--;
    if (this.active) this.advance(queue);
    else this.forgetIfEmpty(queue);
  }

  /** An update whose request failed after `deleteWebhook` goes back to getUpdates. */
  private handBack(queue: DeliveryQueue): void {
    const update = (queue.current as CurrentUpdate).update;
    queue.current = undefined;
    this.pendingCount--;
    this.forgetIfEmpty(queue);
    this.updates.restore([update]);
  }

  private scheduleRetry(queue: DeliveryQueue, current: CurrentUpdate, outcome: WebhookAttemptOutcome): void {
    const retryAfter = outcome.ok ? undefined : outcome.retryAfterSeconds;
    const wait =
      retryAfter !== undefined
        ? retryAfter * 1000
        : current.failures <= 1
          ? 0
          : Math.min(FIRST_RETRY_DELAY_MS * 2 ** (current.failures - 2), this.maxRetryDelayMs);
    this.deps.observer?.retryScheduled(queue.key, current.update, wait);
    if (wait <= 0) {
      this.ready.push(queue);
      return;
    }
    const retryWait = new AbortController();
    current.retryWait = retryWait;
    const shutdown = this.shutdown.signal;
    const onShutdown = () => retryWait.abort();
    shutdown.addEventListener('abort', onShutdown, { once: true });
    this.retryDelay(wait, retryWait.signal).then(
      () => {
        shutdown.removeEventListener('abort', onShutdown);
        if (retryWait.signal.aborted || queue.current !== current) return;
        current.retryWait = undefined;
        this.ready.push(queue);
        this.pump();
      },
      () => shutdown.removeEventListener('abort', onShutdown),
    );
  }

  private forgetIfEmpty(queue: DeliveryQueue): void {
    if (!queue.current && queue.waiting.length === 0) this.queues.delete(queue.key);
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    for (const resolve of this.idleWaiters) resolve();
    this.idleWaiters.clear();
  }
}
