/**
 * The testing entry of the emulator: the shipped core (`../bot-api-emulator.ts`) plus what only tests and
 * benchmarks use — fault injection, latency, blocking, call statistics, groups, raw updates, the
 * Markdown parse modes the bot never sends, and reads for assertions. Built on the core's extension hooks
 * (call interceptors, the parse-mode table, the protected state); nothing reachable from the playground
 * imports this folder.
 */
import { BotApiEmulator, type BotApiEmulatorOptions } from '../bot-api-emulator.js';
import type { BotCommand, BotCommandScope, Update, UpdateContent } from '../bot-api-types.js';
import type { BotApiCallInterceptor } from '../call-interceptor.js';
import type { ParseModeTable } from '../formatted-text.js';
import { CallStats, type CallStatsSnapshot } from './call-stats.js';
import { type FailNextOptions, FaultPlan } from './fault-plan.js';
import { parseMarkdownLegacyMarkup } from './markdown-legacy-markup.js';
import { parseMarkdownV2Markup } from './markdown-v2-markup.js';
import { SimulatedGroup, type SimulatedGroupOptions } from './simulated-group.js';
import { countingCalls, delayingCalls, failingCalls, recordingInternalErrors } from './test-interceptors.js';
import { WebhookStats, type WebhookStatsSnapshot } from './webhook-stats.js';

export type { CallStatsSnapshot } from './call-stats.js';
export type { FailNextOptions } from './fault-plan.js';
export type { SimulatedGroup, SimulatedGroupOptions } from './simulated-group.js';
export type { WebhookStatsSnapshot } from './webhook-stats.js';

/** Telegram's `MarkdownV2` and legacy `Markdown`, which the emulator parses (and refuses) as Telegram does. */
export const MARKDOWN_PARSE_MODES: ParseModeTable = new Map([
  ['markdownv2', parseMarkdownV2Markup],
  ['markdown', parseMarkdownLegacyMarkup],
]);

export interface TestBotApiEmulatorOptions extends BotApiEmulatorOptions {
  /** Delay before answering every Bot API call (not file downloads); default 0. */
  readonly latencyMs?: number;
}

/** The emulator for tests and benchmarks; see `createBotApiEmulator` for the basics. */
export function createTestBotApiEmulator(options: TestBotApiEmulatorOptions = {}): TestBotApiEmulator {
  return new TestBotApiEmulator(options);
}

/** The levers on calls; made before the core so that its interceptors can be handed to it. */
class CallLevers {
  readonly faults = new FaultPlan();
  readonly stats = new CallStats();
  readonly webhookStats = new WebhookStats();
  readonly internalErrors: Error[] = [];

  constructor(public latencyMs: number) {}

  /** Outermost first: every call is counted, errors are kept, then the delay, then a planned fault. */
  interceptors(): BotApiCallInterceptor[] {
    return [
      countingCalls(this.stats),
      recordingInternalErrors(this.internalErrors),
      delayingCalls(() => this.latencyMs),
      failingCalls(this.faults),
    ];
  }
}

/**
 * The emulator with the levers tests pull (fault injection, blocking, latency, groups, raw updates) and
 * read (call counts, pending updates, commands, internal errors).
 */
export class TestBotApiEmulator extends BotApiEmulator {
  private readonly levers: CallLevers;
  private lastGroupNumber = 0;

  constructor(options: TestBotApiEmulatorOptions = {}) {
    const levers = new CallLevers(options.latencyMs ?? 0);
    super(options, {
      interceptors: levers.interceptors(),
      parseModes: MARKDOWN_PARSE_MODES,
      webhookObserver: levers.webhookStats,
    });
    this.levers = levers;
  }

  /**
   * A group chat the bot is in.
   * @throws Error when `options.id` is taken.
   */
  createGroup(options: SimulatedGroupOptions = {}): SimulatedGroup {
    const number = ++this.lastGroupNumber;
    const type = options.type ?? 'supergroup';
    const id = options.id ?? (type === 'supergroup' ? -1_001_000_000_000 - number : -4_000_000_000 - number);
    const chat = this.state.addChat({ id, type, title: options.title ?? `Test group ${number}` });
    return new SimulatedGroup(this.state, chat);
  }

  /** Queues any update as-is (numbered by the emulator, replacing a given `update_id`). */
  queueRaw(update: UpdateContent | Update): Update {
    const [queued] = this.state.queueUpdates([update]);
    if (!queued) {
      throw new Error('The update was dropped: its kind is not in the allowed_updates the bot asked for.');
    }
    return queued;
  }

  /** Updates the bot has not yet taken: unconfirmed by its getUpdates offset, or not yet answered 2xx by its webhook. */
  get pendingUpdates(): number {
    return this.state.updates.pending + this.state.webhook.pending;
  }

  /**
   * Resolves when the bot has handled everything queued so far: in polling mode when it has confirmed
   * every update and is back in getUpdates (with telegraf, when its handlers are done); in webhook mode
   * when every update was answered with a 2xx and no request is in flight. A bot that sets or deletes its
   * webhook meanwhile is followed into the other mode.
   * @throws Error (rejects) after `timeoutMs` (default 5000).
   */
  whenIdle(options: { readonly timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 5000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`The bot was not idle within ${timeoutMs} ms: ${this.describeBacklog()}.`));
      }, timeoutMs);
    });
    return Promise.race([this.state.updates.whenIdle(), this.state.webhook.whenIdle(), timeout]).finally(() =>
      clearTimeout(timer),
    );
  }

  private describeBacklog(): string {
    const { webhook, updates } = this.state;
    if (webhook.active) {
      const error = webhook.lastErrorInfo ? `, last error: ${webhook.lastErrorInfo.message}` : '';
      return `${webhook.pending} update(s) not yet answered 2xx by the webhook, ${webhook.inFlight} in flight${error}`;
    }
    const polling = updates.isPolling ? 'parked in getUpdates' : 'not in getUpdates';
    return `${updates.pending} update(s) unconfirmed, bot ${polling}`;
  }

  /** What webhook delivery did: deliveries, failures, retries, concurrency, POSTs per update. */
  webhookStats(): WebhookStatsSnapshot {
    return this.levers.webhookStats.snapshot();
  }

  /**
   * Makes the next `count` calls of `method` fail, by default with 429
   * `Too Many Requests: retry after N` and `parameters.retry_after`.
   */
  failNext(method: string, options?: FailNextOptions): void {
    this.levers.faults.add(method, options);
  }

  /** The user blocks the bot: calls to their chat get 403 `Forbidden: bot was blocked by the user`. */
  blockBot(userId: number): void {
    this.state.setBotBlocked(userId, true);
  }

  unblockBot(userId: number): void {
    this.state.setBotBlocked(userId, false);
  }

  setLatency(latencyMs: number): void {
    this.levers.latencyMs = latencyMs;
  }

  /** How often the bot called `method` (refused calls included). */
  callCount(method: string): number {
    return this.levers.stats.callCount(method);
  }

  /** Calls and refusals per method so far; file downloads count as `downloadFile`. */
  stats(): CallStatsSnapshot {
    return this.levers.stats.snapshot();
  }

  /** Clears the call and webhook counters. */
  resetStats(): void {
    this.levers.stats.reset();
    this.levers.webhookStats.reset();
  }

  /** The commands the bot set for exactly this scope and language, as getMyCommands would answer. */
  commands(options: { readonly scope?: BotCommandScope; readonly languageCode?: string } = {}) {
    return this.state.commands(options.scope, options.languageCode) as readonly BotCommand[] | undefined;
  }

  /** Exceptions inside the emulator (answered with 500); a test can assert there were none. */
  internalErrors(): readonly Error[] {
    return this.levers.internalErrors;
  }
}
