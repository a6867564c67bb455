import { BotApiError, GET_UPDATES_CONFLICT } from './bot-api-error.js';
import type { Update, UpdateContent } from './bot-api-types.js';

/** Telegram's cap on one getUpdates batch. */
export const MAX_UPDATES_PER_BATCH = 100;

/** Kinds Telegram leaves out unless a bot names them in `allowed_updates`. */
const OPT_IN_UPDATE_KINDS = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

/** Queues that grow past this many confirmed entries are compacted, keeping confirmation O(1) amortised. */
const COMPACT_AFTER_CONFIRMED = 1024;

export interface TakeUpdatesOptions {
  /** Confirms every update with a smaller id; negative keeps only the last `-offset` updates. */
  readonly offset?: number;
  readonly limit?: number;
  /** Long-polling time in seconds; 0 answers at once. */
  readonly timeoutSeconds?: number;
  /** Replaces the kinds of update the bot receives; `[]` restores Telegram's default. */
  readonly allowedUpdates?: readonly string[];
  /** Aborting (the bot dropped the HTTP call) releases the parked poll without answering it. */
  readonly signal?: AbortSignal;
}

interface ParkedPoll {
  readonly limit: number;
  readonly resolve: (updates: Update[]) => void;
  readonly reject: (error: Error) => void;
  readonly release: () => void;
}

/**
 * The bot's pending updates and its long poll, as Telegram keeps them: updates stay until a
 * getUpdates with a higher offset confirms them; a poll with nothing pending parks until an update
 * arrives or its timeout ends; a new getUpdates ends a parked one with 409 Conflict.
 */
export class UpdateQueue {
  private queue: Update[] = [];
  private head = 0;
  private nextUpdateId = 1;
  private allowed: ReadonlySet<string> | undefined;
  private parked: ParkedPoll | undefined;
  private wakeScheduled = false;
  private readonly idleWaiters = new Set<() => void>();
  /** While a webhook is set, new updates go here instead of waiting for getUpdates. */
  private sink: ((updates: readonly Update[]) => void) | undefined;

  /** Updates queued and not yet confirmed by the bot. */
  get pending(): number {
    return this.queue.length - this.head;
  }

  /** The kinds `allowed_updates` last named; undefined for Telegram's default. */
  get allowedKinds(): readonly string[] | undefined {
    return this.allowed ? [...this.allowed] : undefined;
  }

  /** Whether a getUpdates call is parked waiting for updates. */
  get isPolling(): boolean {
    return this.parked !== undefined;
  }

  /**
   * Numbers and queues updates in the given order and returns them. Updates of a kind the bot
   * did not ask for are dropped, as Telegram never creates them. All updates of one call land in
   * the same batch: a parked poll is woken on the next microtask, not per update.
   */
  enqueue(contents: readonly UpdateContent[]): Update[] {
    const queued: Update[] = [];
    for (const content of contents) {
      if (!this.isAllowed(content)) continue;
      const update: Update = { ...content, update_id: this.nextUpdateId++ };
      queued.push(update);
    }
    if (this.sink) {
      if (queued.length > 0) this.sink(queued);
      return queued;
    }
    this.queue.push(...queued);
    if (queued.length > 0 && this.parked && !this.wakeScheduled) {
      this.wakeScheduled = true;
      queueMicrotask(() => {
        this.wakeScheduled = false;
        this.wake();
      });
    }
    return queued;
  }

  /**
   * Answers one getUpdates call.
   * @throws BotApiError 409 (through the promise of the earlier call) when this call displaces a parked poll.
   */
  take(options: TakeUpdatesOptions): Promise<Update[]> {
    if (this.parked) {
      const displaced = this.parked;
      this.clearParked();
      displaced.reject(new BotApiError(409, GET_UPDATES_CONFLICT));
    }
    if (options.allowedUpdates !== undefined) this.setAllowed(options.allowedUpdates);
    if (options.offset !== undefined) this.confirm(options.offset);
    const limit = Math.min(Math.max(options.limit || MAX_UPDATES_PER_BATCH, 1), MAX_UPDATES_PER_BATCH);
    const timeoutSeconds = Math.max(0, options.timeoutSeconds ?? 0);
    if (this.pending > 0 || timeoutSeconds === 0 || options.signal?.aborted) {
      return Promise.resolve(this.peek(limit));
    }
    return new Promise<Update[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.clearParked();
        resolve([]);
      }, timeoutSeconds * 1000);
      const onAbort = () => {
        this.clearParked();
        resolve([]);
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.parked = {
        limit,
        resolve,
        reject,
        release: () => {
          clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
        },
      };
      this.notifyIdle();
    });
  }

  /** Forgets every pending update, as `deleteWebhook` with `drop_pending_updates` does. */
  dropPending(): void {
    this.head = this.queue.length;
    this.compact();
  }

  /**
   * Hands every pending update to `sink` and, until `undivert`, every new one, as Telegram does once a
   * webhook is set. A parked poll ends empty; getUpdates is refused meanwhile by the caller.
   */
  divert(sink: (updates: readonly Update[]) => void): Update[] {
    this.releasePoll();
    const pending = this.queue.slice(this.head);
    this.queue = [];
    this.head = 0;
    this.sink = sink;
    return pending;
  }

  /** New updates wait for getUpdates again. */
  undivert(): void {
    this.sink = undefined;
  }

  /** Puts updates handed out by `divert` back among the pending ones, in update order. */
  restore(updates: readonly Update[]): void {
    if (updates.length === 0) return;
    if (this.sink) {
      this.sink(updates);
      return;
    }
    this.queue = [...this.queue.slice(this.head), ...updates].sort((a, b) => a.update_id - b.update_id);
    this.head = 0;
    this.wake();
  }

  /**
   * Replaces the kinds of update created from now on, as `setWebhook`'s `allowed_updates` does; `[]`
   * restores Telegram's default. Unlike getUpdates here, updates already pending are kept.
   */
  allowFromNow(kinds: readonly string[]): void {
    this.allowed = kinds.length === 0 ? undefined : new Set(kinds);
  }

  /** Resolves once nothing is pending and the bot is parked in getUpdates, i.e. it has handled everything. */
  whenIdle(): Promise<void> {
    if (this.pending === 0 && this.parked) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.add(resolve));
  }

  /** Ends a parked poll with an empty batch, e.g. when the emulator stops. */
  releasePoll(): void {
    const parked = this.parked;
    this.clearParked();
    parked?.resolve([]);
  }

  private wake(): void {
    const parked = this.parked;
    if (!parked || this.pending === 0) return;
    this.clearParked();
    parked.resolve(this.peek(parked.limit));
  }

  private peek(limit: number): Update[] {
    return this.queue.slice(this.head, this.head + limit);
  }

  private confirm(offset: number): void {
    if (offset > 0) {
      while (this.head < this.queue.length && (this.queue[this.head] as Update).update_id < offset)
        this.head++;
    } else if (offset < 0) {
      this.head = Math.max(this.head, this.queue.length + offset);
    }
    this.compact();
  }

  private compact(): void {
    if (this.head > COMPACT_AFTER_CONFIRMED && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private setAllowed(kinds: readonly string[]): void {
    this.allowed = kinds.length === 0 ? undefined : new Set(kinds);
    const kept = this.queue.slice(this.head).filter((update) => this.isAllowed(update));
    this.queue = kept;
    this.head = 0;
  }

  private isAllowed(update: UpdateContent): boolean {
    const kind = Object.keys(update).find((key) => key !== 'update_id');
    if (kind === undefined) return false;
    return this.allowed ? this.allowed.has(kind) : !OPT_IN_UPDATE_KINDS.has(kind);
  }

  private clearParked(): void {
    this.parked?.release();
    this.parked = undefined;
  }

  private notifyIdle(): void {
    if (this.pending !== 0 || !this.parked) return;
    for (const resolve of this.idleWaiters) resolve();
    this.idleWaiters.clear();
  }
}
