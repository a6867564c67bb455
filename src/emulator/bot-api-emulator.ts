import {
  createBotApiHandler,
  type EmulatorHttpRequest,
  type EmulatorHttpResponse,
} from './bot-api-handler.js';
import type { User } from './bot-api-types.js';
import type { BotApiCallInterceptor } from './call-interceptor.js';
import { EmulatorState } from './emulator-state.js';
import type { StoredFile } from './file-store.js';
import { CORE_PARSE_MODES, type ParseModeTable } from './formatted-text.js';
import type { RunningHttpServer } from './node-http-server.js';
import { SimulatedUser, type SimulatedUserOptions } from './simulated-user.js';
import type {
  WebhookDeliveryObserver,
  WebhookDeliveryOptions,
  WebhookReplyCall,
} from './webhook-delivery.js';

/** The token the emulator accepts unless told otherwise; the bot id is the part before the colon. */
export const DEFAULT_BOT_TOKEN = '7000000001:AAEmulatorLocalTokenForTestsOnly_0000';
export const DEFAULT_BOT_USERNAME = 'nmle_assistant_test_bot';

export interface BotApiEmulatorOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** The only token accepted; others get 401. Default `DEFAULT_BOT_TOKEN`. */
  readonly botToken?: string;
  readonly botUsername?: string;
  readonly botFirstName?: string;
  /** Milliseconds since the epoch, for message dates; default `Date.now`. */
  readonly clock?: () => number;
  /** Timing of webhook delivery (retry waits, answer timeout); see webhook-delivery.ts. */
  readonly webhook?: WebhookDeliveryOptions;
}

/**
 * The extension hooks of the emulator, for a variant built on it (the testing entry,
 * `testing/test-bot-api-emulator.ts`). The core knows nothing of what they add.
 */
export interface BotApiEmulatorExtensions {
  /** Run around every authorized Bot API call and file download, the first one outermost. */
  readonly interceptors?: readonly BotApiCallInterceptor[];
  /** Parse modes besides the core's HTML, by lowercase name; an entry named `html` replaces the core's. */
  readonly parseModes?: ParseModeTable;
  /** Told of every webhook POST and retry. */
  readonly webhookObserver?: WebhookDeliveryObserver;
}

/**
 * Creates a local Telegram Bot API: point a bot at `apiRoot` (telegraf: `telegram: { apiRoot }`,
 * the project: `TELEGRAM_API_ROOT`), then act as users through `createUser()`.
 * Nothing listens until `start()`; `fetch()` works without a server.
 * This is what the playground ships; tests use `createTestBotApiEmulator()` from
 * `testing/test-bot-api-emulator.ts`, which adds fault injection, call statistics, groups and Markdown.
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

/** The emulator: an HTTP server speaking the Bot API, and the simulated users talking to the bot. */
export class BotApiEmulator {
  /**
   * Everything the emulated Telegram knows. An extension hook: a subclass adds its own levers on it
   * (groups, raw updates, blocking) without the core knowing them.
   */
  protected readonly state: EmulatorState;
  private readonly handle: (request: EmulatorHttpRequest) => Promise<EmulatorHttpResponse>;
  private server: RunningHttpServer | undefined;
  private lastUserNumber = 0;

  constructor(
    private readonly options: BotApiEmulatorOptions = {},
    extensions: BotApiEmulatorExtensions = {},
  ) {
    this.state = new EmulatorState({
      botToken: options.botToken ?? DEFAULT_BOT_TOKEN,
      botUsername: options.botUsername ?? DEFAULT_BOT_USERNAME,
      botFirstName: options.botFirstName ?? 'NMLE Assistant (emulated)',
      clock: options.clock ?? Date.now,
      webhook: {
        ...(options.webhook ? { options: options.webhook } : {}),
        ...(extensions.webhookObserver ? { observer: extensions.webhookObserver } : {}),
        runReplyCall: (call) => this.runReplyCall(call),
      },
    });
    this.handle = createBotApiHandler({
      state: this.state,
      parseModes: new Map([...CORE_PARSE_MODES, ...(extensions.parseModes ?? [])]),
      interceptors: extensions.interceptors ?? [],
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

  /** A Bot API call the bot answered a webhook POST with runs as if the bot had made it. */
  private async runReplyCall(call: WebhookReplyCall): Promise<void> {
    await this.handle({
      method: 'POST',
      url: new URL(`http://emulator.invalid/bot${encodeURIComponent(this.state.botToken)}/${call.method}`),
      contentType: 'application/json',
      body: call.body,
      signal: new AbortController().signal,
    });
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
   * Ends a parked long poll and webhook delivery (what was not answered 2xx waits for getUpdates again),
   * rejects pending waits and closes every connection. Stop the bot first (`bot.stop()`), or its polling
   * loop retries against a closed port.
   */
  async stop(): Promise<void> {
    this.state.webhook.stop();
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

  /** A stored file (sent by a user or uploaded by the bot) by file_id, with its bytes. */
  file(fileId: string): StoredFile | undefined {
    return this.state.files.get(fileId);
  }
}
