import { type UpdateGate, WEBHOOK_MAX_CONNECTIONS } from '../app/ports/update-gate.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../log.js';
import { type IncomingUpdate, startWebhookServer, type WebhookServer } from './webhook-server.js';

/** What webhook mode needs of the bot (telegraf's Telegraf has both). */
export interface WebhookBot {
  handleUpdate(update: never): Promise<unknown>;
  readonly telegram: {
    setWebhook(
      url: string,
      extra: { secret_token: string; allowed_updates: never; max_connections: number },
    ): Promise<unknown>;
  };
}

/** WEBHOOK_URL, WEBHOOK_SECRET and WEBHOOK_PORT (contracts §6). */
export interface WebhookConfig {
  readonly url: string;
  readonly secret: string;
  readonly port: number;
}

export interface WebhookDeps {
  readonly updateGate: UpdateGate;
  /** Whether the store answers, for GET /healthz. */
  readonly healthy: () => Promise<boolean>;
  readonly clock: Clock;
  readonly log: Logger;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Webhook mode: serves updates on 127.0.0.1:WEBHOOK_PORT at WEBHOOK_URL's path, then tells Telegram where
 * they go. Every instance calls setWebhook with the same URL and secret, which is idempotent, and never drops
 * pending updates: another instance may be serving them. The update log is pruned of entries a day old.
 * @throws the setWebhook failure (the server is closed first).
 */
export async function serveWebhook(
  bot: WebhookBot,
  config: WebhookConfig,
  deps: WebhookDeps,
  allowedUpdates: readonly string[],
): Promise<WebhookServer> {
  const server = await startWebhookServer({
    port: config.port,
    path: new URL(config.url).pathname,
    secret: config.secret,
    apply: async (update: IncomingUpdate) => void (await bot.handleUpdate(update as never)),
    gate: deps.updateGate,
    healthy: deps.healthy,
    log: deps.log,
  });
  try {
    await bot.telegram.setWebhook(config.url, {
      secret_token: config.secret,
      allowed_updates: allowedUpdates as never,
      // Telegram's default, said here because each instance's lock pool is sized for it.
      max_connections: WEBHOOK_MAX_CONNECTIONS,
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  const prune = () =>
    deps.updateGate
      .prune(new Date(deps.clock.now().getTime() - DAY_MS))
      .catch((error: unknown) => deps.log.warn({ err: error }, 'could not prune the update log'));
  const timer = setInterval(prune, PRUNE_EVERY_MS);
  timer.unref();
  return {
    url: server.url,
    async close() {
      clearInterval(timer);
      await server.close();
    },
  };
}
