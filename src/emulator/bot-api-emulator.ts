import {
  createBotApiHandler,
  type EmulatorHttpRequest,
  type EmulatorHttpResponse,
} from './bot-api-handler.js';
import type { BotCommand, BotCommandScope, Update, UpdateContent, User } from './bot-api-types.js';
import { CallStats, type CallStatsSnapshot } from './call-stats.js';
import { EmulatorState } from './emulator-state.js';
import { type FailNextOptions, FaultPlan } from './fault-plan.js';
import type { StoredFile } from './file-store.js';
import type { RunningHttpServer } from './node-http-server.js';
import { SimulatedGroup, type SimulatedGroupOptions } from './simulated-group.js';
import { SimulatedUser, type SimulatedUserOptions } from './simulated-user.js';

/** The token the emulator accepts unless told otherwise; the bot id is the part before the colon. */
export const DEFAULT_BOT_TOKEN = '7000000001:AAEmulatorLocalTokenForTestsOnly_0000';
export const DEFAULT_BOT_USERNAME = 'nmle_assistant_test_bot';

export interface BotApiEmulatorOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Delay before answering every Bot API call; default 0. */
  readonly latencyMs?: number;
  /** The only token accepted; others get 401. Default `DEFAULT_BOT_TOKEN`. */
  readonly botToken?: string;
  readonly botUsername?: string;
  readonly botFirstName?: string;
  /** Milliseconds since the epoch, for message dates; default `Date.now`. */
  readonly clock?: () => number;
}

/**
 * Creates a local Telegram Bot API: point a bot at `apiRoot` (telegraf: `telegram: { apiRoot }`,
 * the project: `TELEGRAM_API_ROOT`), then act as users through `createUser()`.
 * Nothing listens until `start()`; `fetch()` works without a server.
 *
 * @example
 * const emulator = createBotApiEmulator();
 * const { apiRoot } = await emulator.start();
 * const bot = new Telegraf(emulator.botToken, { telegram: { apiRoot } });
 * const running = bot.launch();
 * const user = emulator.createUser();
 * await user.sendText('/start');
 * const welcome = await user.waitForMessage();
 * await user.pressButton('开始');
 * bot.stop();
 * await running;
 * await emulator.stop();
 */
export function createBotApiEmulator(options: BotApiEmulatorOptions = {}): BotApiEmulator {
  return new BotApiEmulator(options);
}

/**
 * The emulator: an HTTP server speaking the Bot API, the simulated users and groups, and the
 * levers tests pull (fault injection, blocking, latency) and read (call counts, commands, files).
 */
export class BotApiEmulator {
  private readonly state: EmulatorState;
  private readonly faults = new FaultPlan();
  private readonly callStats = new CallStats();
  private readonly handle: (request: EmulatorHttpRequest) => Promise<EmulatorHttpResponse>;
  private readonly errors: Error[] = [];
  private latencyMs: number;
  private server: RunningHttpServer | undefined;
  private lastUserNumber = 0;
  private lastGroupNumber = 0;

  constructor(private readonly options: BotApiEmulatorOptions) {
    this.latencyMs = options.latencyMs ?? 0;
    this.state = new EmulatorState({
      botToken: options.botToken ?? DEFAULT_BOT_TOKEN,
      botUsername: options.botUsername ?? DEFAULT_BOT_USERNAME,
      botFirstName: options.botFirstName ?? 'NMLE Assistant (emulated)',
      clock: options.clock ?? Date.now,
    });
    this.handle = createBotApiHandler({
      state: this.state,
      faults: this.faults,
      stats: this.callStats,
      latencyMs: () => this.latencyMs,
      onInternalError: (error, method) => {
        this.errors.push(error instanceof Error ? error : new Error(`${method}: ${String(error)}`));
      },
    });
  }

  get botToken(): string {
    return this.state.botToken;
  }

  /** The bot as getMe describes it. */
  get botUser(): User {
    return this.state.botUser;
  }

  /**
   * `http://host:port` of the running server.
   * @throws Error before `start()`.
   */
  get apiRoot(): string {
    if (!this.server) throw new Error('The emulator is not started; await emulator.start() first.');
    return this.server.origin;
  }

  /** Starts listening; resolves with the root URL to hand to the bot. */
  async start(): Promise<{ apiRoot: string }> {
    if (!this.server) {
      // Loaded on demand so that a browser build, which only uses fetch(), never pulls in node:http.
      const { startNodeHttpServer } = await import('./node-http-server.js');
      this.server = await startNodeHttpServer({
        host: this.options.host ?? '127.0.0.1',
        port: this.options.port ?? 0,
        handle: this.handle,
      });
    }
    return { apiRoot: this.server.origin };
  }

  /**
   * Ends a parked long poll, rejects pending waits and closes every connection. Stop the bot first
   * (`bot.stop()`), or its polling loop retries against a closed port.
   */
  async stop(): Promise<void> {
    this.state.updates.releasePoll();
    const stopped = new Error('The Bot API emulator was stopped.');
    for (const chat of this.state.allChats()) chat.timeline.cancelWaiters(stopped);
    const server = this.server;
    this.server = undefined;
    await server?.close();
  }

  /**
   * Answers a Web `Request` as the HTTP server would, without a socket; for the browser
   * playground or a custom transport. The request's `signal` aborts a long poll.
   */
  async fetch(request: Request): Promise<Response> {
    const body =
      request.method === 'GET' || request.method === 'HEAD'
        ? undefined
        : new Uint8Array(await request.arrayBuffer());
    const response = await this.handle({
      method: request.method,
      url: new URL(request.url),
      contentType: request.headers.get('content-type') ?? undefined,
      body: body && body.length > 0 ? body : undefined,
      signal: request.signal,
    });
    return new Response(response.body, { status: response.status, headers: response.headers });
  }

  /**
   * A simulated user with a private chat with the bot.
   * @throws Error when `options.id` is taken.
   */
  createUser(options: SimulatedUserOptions = {}): SimulatedUser {
    const number = ++this.lastUserNumber;
    const user: User = {
      id: options.id ?? 1_000_000 + number,
      is_bot: false,
      first_name: options.firstName ?? `Applicant ${number}`,
      ...(options.lastName !== undefined ? { last_name: options.lastName } : {}),
      ...(options.username !== undefined ? { username: options.username } : {}),
      language_code: options.languageCode ?? 'zh-hans',
      ...(options.isPremium ? { is_premium: true as const } : {}),
    };
    return new SimulatedUser(this.state, this.state.addPrivateChat(user), user);
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

  /** Updates queued and not yet confirmed by the bot's getUpdates offset. */
  get pendingUpdates(): number {
    return this.state.updates.pending;
  }

  /**
   * Resolves when the bot has confirmed every update and is back in getUpdates — with telegraf,
   * when it has finished handling everything queued so far.
   * @throws Error (rejects) after `timeoutMs` (default 5000).
   */
  whenIdle(options: { readonly timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 5000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const polling = this.state.updates.isPolling ? 'parked in getUpdates' : 'not in getUpdates';
        reject(
          new Error(
            `The bot was not idle within ${timeoutMs} ms: ${this.pendingUpdates} update(s) unconfirmed, bot ${polling}.`,
          ),
        );
      }, timeoutMs);
    });
    return Promise.race([this.state.updates.whenIdle(), timeout]).finally(() => clearTimeout(timer));
  }

  /**
   * Makes the next `count` calls of `method` fail, by default with 429
   * `Too Many Requests: retry after N` and `parameters.retry_after`.
   */
  failNext(method: string, options?: FailNextOptions): void {
    this.faults.add(method, options);
  }

  /** The user blocks the bot: calls to their chat get 403 `Forbidden: bot was blocked by the user`. */
  blockBot(userId: number): void {
    this.state.setBotBlocked(userId, true);
  }

  unblockBot(userId: number): void {
    this.state.setBotBlocked(userId, false);
  }

  setLatency(latencyMs: number): void {
    this.latencyMs = latencyMs;
  }

  /** How often the bot called `method` (refused calls included). */
  callCount(method: string): number {
    return this.callStats.callCount(method);
  }

  /** Calls and refusals per method so far. */
  stats(): CallStatsSnapshot {
    return this.callStats.snapshot();
  }

  resetStats(): void {
    this.callStats.reset();
  }

  /** The commands the bot set for exactly this scope and language, as getMyCommands would answer. */
  commands(options: { readonly scope?: BotCommandScope; readonly languageCode?: string } = {}) {
    return this.state.commands(options.scope, options.languageCode) as readonly BotCommand[] | undefined;
  }

  /** A stored file (sent by a user or uploaded by the bot) by file_id, with its bytes. */
  file(fileId: string): StoredFile | undefined {
    return this.state.files.get(fileId);
  }

  /** Exceptions inside the emulator (answered with 500); a test can assert there were none. */
  internalErrors(): readonly Error[] {
    return this.errors;
  }
}
