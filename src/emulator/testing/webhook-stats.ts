import type { Update } from '../bot-api-types.js';
import type { WebhookAttemptOutcome, WebhookDeliveryObserver } from '../webhook-delivery.js';

/** What webhook delivery did so far, for tests and benchmarks. */
export interface WebhookStatsSnapshot {
  /** POSTs answered with a 2xx. */
  readonly deliveries: number;
  /** POSTs that failed: non-2xx, no connection, or no answer in time. */
  readonly failures: number;
  /** POSTs of an update that had been POSTed before. */
  readonly retries: number;
  /** The most requests ever in flight at once within one queue; Telegram's rule is 1. */
  readonly maxInFlightPerQueue: number;
  /** The most requests ever in flight at once over all queues; at most `max_connections`. */
  readonly maxInFlight: number;
  /** How many times each update was POSTed, by `update_id`. */
  readonly postsPerUpdate: Readonly<Record<number, number>>;
  /** Every wait before a retry, in order, in unscaled milliseconds. */
  readonly retryWaitsMs: readonly number[];
  /** How long each POSTed update took to be answered 2xx, from the POST to the answer, in order of answers. */
  readonly answerTimesMs: readonly number[];
  /** Bot API calls the bot made in its answers to POSTs (Telegram runs them), by method. */
  readonly replyCalls: Readonly<Record<string, number>>;
}

/**
 * Counts webhook POSTs as they start and end. Concurrency is counted here from the events alone, not
 * taken from the delivery's own bookkeeping, so a delivery that broke its one-at-a-time rule would show.
 */
export class WebhookStats implements WebhookDeliveryObserver {
  private deliveries = 0;
  private failures = 0;
  private retries = 0;
  private maxInFlightPerQueue = 0;
  private maxInFlight = 0;
  private inFlight = 0;
  private readonly inFlightByQueue = new Map<string, number>();
  private readonly posts = new Map<number, number>();
  private readonly retryWaits: number[] = [];
  private readonly answerTimes: number[] = [];
  private readonly replyCalls = new Map<string, number>();
  /** When each update's POST in flight started (one at a time per update: it has one queue). */
  private readonly startedAt = new Map<number, number>();

  attemptStarted(queue: string, update: Update): void {
    const posts = (this.posts.get(update.update_id) ?? 0) + 1;
    this.posts.set(update.update_id, posts);
    if (posts > 1) this.retries++;
    this.startedAt.set(update.update_id, performance.now());
    const inQueue = (this.inFlightByQueue.get(queue) ?? 0) + 1;
    this.inFlightByQueue.set(queue, inQueue);
    this.maxInFlightPerQueue = Math.max(this.maxInFlightPerQueue, inQueue);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
  }

  attemptEnded(queue: string, update: Update, outcome: WebhookAttemptOutcome): void {
    const started = this.startedAt.get(update.update_id);
    this.startedAt.delete(update.update_id);
    if (outcome.ok) {
      this.deliveries++;
      if (started !== undefined) this.answerTimes.push(performance.now() - started);
      const method = outcome.replyCall?.method;
      if (method !== undefined) this.replyCalls.set(method, (this.replyCalls.get(method) ?? 0) + 1);
    } else this.failures++;
    const inQueue = (this.inFlightByQueue.get(queue) ?? 1) - 1;
    if (inQueue === 0) this.inFlightByQueue.delete(queue);
    else this.inFlightByQueue.set(queue, inQueue);
    this.inFlight--;
  }

  retryScheduled(_queue: string, _update: Update, ms: number): void {
    this.retryWaits.push(ms);
  }

  snapshot(): WebhookStatsSnapshot {
    return {
      deliveries: this.deliveries,
      failures: this.failures,
      retries: this.retries,
      maxInFlightPerQueue: this.maxInFlightPerQueue,
      maxInFlight: this.maxInFlight,
      postsPerUpdate: Object.fromEntries(this.posts),
      retryWaitsMs: [...this.retryWaits],
      answerTimesMs: [...this.answerTimes],
      replyCalls: Object.fromEntries(this.replyCalls),
    };
  }

  reset(): void {
    this.deliveries = 0;
    this.failures = 0;
    this.retries = 0;
    this.maxInFlightPerQueue = 0;
    this.maxInFlight = 0;
    this.posts.clear();
    this.retryWaits.length = 0;
    this.answerTimes.length = 0;
    this.replyCalls.clear();
    this.startedAt.clear();
  }
}
