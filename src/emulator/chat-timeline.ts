import type { Message } from './bot-api-types.js';

export type BotActivityKind = 'sent' | 'edited' | 'deleted';

/** One thing the bot did to a message in a chat; `message` is the state right after it. */
export interface BotActivity {
  /** 1-based place in the chat's timeline; a cursor of `n` means "after the n-th activity". */
  readonly position: number;
  readonly kind: BotActivityKind;
  readonly message: Message;
}

interface Waiter {
  readonly after: number;
  readonly matches: (activity: BotActivity) => boolean;
  readonly resolve: (activity: BotActivity) => void;
  readonly reject: (error: Error) => void;
}

/**
 * What the bot did in one chat, in order, with waiters that are resolved by the recording call
 * itself — no polling. Positions only grow, so a cursor taken before an action can never miss
 * the bot's answer to it, however fast that answer comes.
 */
export class ChatTimeline {
  private readonly activities: BotActivity[] = [];
  private readonly waiters = new Set<Waiter>();

  /** The position of the latest activity (0 before any). */
  get position(): number {
    return this.activities.length;
  }

  record(kind: BotActivityKind, message: Message): BotActivity {
    const activity: BotActivity = { position: this.activities.length + 1, kind, message };
    this.activities.push(activity);
    for (const waiter of this.waiters) {
      if (activity.position > waiter.after && waiter.matches(activity)) {
        this.waiters.delete(waiter);
        waiter.resolve(activity);
      }
    }
    return activity;
  }

  /** The first activity after `after` that matches, if it has already happened. */
  find(after: number, matches: (activity: BotActivity) => boolean): BotActivity | undefined {
    for (let index = Math.max(0, after); index < this.activities.length; index++) {
      const activity = this.activities[index] as BotActivity;
      if (matches(activity)) return activity;
    }
    return undefined;
  }

  /**
   * The first matching activity after `after`, now or when it happens.
   * @throws Error (through the promise) after `timeoutMs`, with `describeTimeout()` as the message.
   */
  next(
    after: number,
    matches: (activity: BotActivity) => boolean,
    timeoutMs: number,
    describeTimeout: () => string,
  ): Promise<BotActivity> {
    const found = this.find(after, matches);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(describeTimeout()));
      }, timeoutMs);
      const waiter: Waiter = {
        after,
        matches,
        resolve: (activity) => {
          clearTimeout(timer);
          resolve(activity);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** The last `count` activities, oldest first. */
  recent(count: number): readonly BotActivity[] {
    return this.activities.slice(-count);
  }

  /** Rejects every waiter, e.g. when the emulator stops. */
  cancelWaiters(error: Error): void {
    for (const waiter of this.waiters) waiter.reject(error);
    this.waiters.clear();
  }
}
