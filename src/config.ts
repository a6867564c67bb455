import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { isTimeZone } from './domain/review-window.js';
import { ConfigError } from './errors.js';

const EnvSchema = z.object({
  BOT_TOKEN: z
    .string()
    .regex(
      /^\d+:[A-Za-z0-9_-]{20,}$/,
      'expected a token from @BotFather such as 123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11',
    )
    .optional(),
  TELEGRAM_API_ROOT: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://api.telegram.org' })
    .default('https://api.telegram.org')
    .transform((url) => url.replace(/\/+$/, '')),
  DATA_DIR: z.string().min(1).default('./data'),
  STORE_URL: z
    .string()
    .regex(
      /^(sqlite|postgres|postgresql):\/\/.+/,
      'expected a Keyv SQLite URL such as sqlite://./data/nmle.sqlite or a PostgreSQL URL such as postgres://nmle:secret@127.0.0.1:5432/nmle',
    )
    .optional(),
  PG_POOL_SIZE: z.coerce
    .number({ error: 'expected a number of connections such as 10' })
    .int('expected a whole number of connections such as 10')
    .min(1, 'expected from 1 to 1000 connections')
    .max(1000, 'expected from 1 to 1000 connections')
    .default(10),
  REVIEWER_IDS: z
    .string()
    .default('')
    .transform((raw, ctx) => {
      const parts = raw
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      const bad = parts.find((p) => !/^\d{1,15}$/.test(p));
      if (bad !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `expected comma-separated Telegram user ids such as 12345,67890; got "${bad}"`,
        });
        return z.NEVER;
      }
      return parts.map(Number);
    }),
  FLOW: z.string().min(1).optional(),
  TZ: z
    .string()
    .default('Asia/Shanghai')
    .refine(isTimeZone, 'expected an IANA time zone such as Asia/Shanghai'),
  NMLE_CLOCK: z.iso
    .datetime({ offset: true, error: 'expected an ISO-8601 time such as 2020-03-25T09:00:00+08:00' })
    .transform((v) => new Date(v))
    .optional(),
  PORT: z.coerce
    .number({ error: 'expected a TCP port number such as 3000' })
    .int('expected a whole TCP port number such as 3000')
    .min(0, 'expected a TCP port number from 0 to 65535')
    .max(65535, 'expected a TCP port number from 0 to 65535')
    .default(3000),
  CONSOLE_PORT: z.coerce
    .number({ error: 'expected a TCP port number such as 8081' })
    .int('expected a whole TCP port number such as 8081')
    .min(0, 'expected a TCP port number from 0 to 65535')
    .max(65535, 'expected a TCP port number from 0 to 65535')
    .optional(),
  PUBLIC_URL: z
    .url({
      protocol: /^https?$/,
      error: "expected the console's http(s) address such as https://review.example.org",
    })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  WEBHOOK_URL: z
    .url({
      protocol: /^https?$/,
      error:
        'expected the https address Telegram posts updates to, such as https://bot.example.org/telegram/updates',
    })
    .optional(),
  WEBHOOK_SECRET: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{1,256}$/,
      "expected Telegram's secret_token: 1 to 256 characters of A-Z, a-z, 0-9, _ and -",
    )
    .optional(),
  WEBHOOK_PORT: z.coerce
    .number({ error: 'expected a TCP port number such as 8080' })
    .int('expected a whole TCP port number such as 8080')
    .min(0, 'expected a TCP port number from 0 to 65535')
    .max(65535, 'expected a TCP port number from 0 to 65535')
    .default(8080),
  DOCUMENT_READER: z.enum(['tesseract', 'off'], { error: 'expected tesseract or off' }).default('tesseract'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** The process's configuration, read once from the environment. */
export interface Config {
  /** Absent: `npm start` runs the local playground (emulator, bot and web chat) instead. */
  readonly botToken: string | undefined;
  readonly telegramApiRoot: string;
  /** Absolute. */
  readonly dataDir: string;
  /** `sqlite://…` (the embedded set) or `postgres://…` (the shared set, src/storage/postgres/). */
  readonly storeUrl: string;
  /** Connections each process keeps to PostgreSQL at most (with a postgres:// STORE_URL). */
  readonly pgPoolSize: number;
  readonly reviewerIds: readonly number[];
  /** Path of the flow to run, or undefined for the current file in flows/. */
  readonly flowFile: string | undefined;
  readonly timeZone: string;
  readonly logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** For tests and demonstrations: the clock starts at this time and runs on from there. */
  readonly clockStart: Date | undefined;
  /** `tesseract`: accepted pictures are read offline (advisory; nothing when it is not installed). `off`: never. */
  readonly documentReader: 'tesseract' | 'off';
  /** Port of the local playground (only without a token); 0 picks a free one. */
  readonly port: number;
  /** Port of the exam office's web console; undefined: no console. 0 picks a free one. */
  readonly consolePort: number | undefined;
  /**
   * The console's address as reviewers reach it, without a trailing slash; sign-in links start with it.
   * Undefined when PUBLIC_URL is unset: then `http://localhost:<the port the console listens on>`.
   */
  readonly publicUrl: string | undefined;
  /** Webhook mode (WEBHOOK_URL, WEBHOOK_SECRET, WEBHOOK_PORT); undefined: long polling. */
  readonly webhook: { readonly url: string; readonly secret: string; readonly port: number } | undefined;
}

/**
 * Parses the environment (see .env.example). Empty strings count as unset.
 * @throws ConfigError naming the first bad variable and what was expected.
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>, cwd = process.cwd()): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(`${name}: ${issue?.message ?? 'invalid'}`);
  }
  const e = parsed.data;
  if (e.WEBHOOK_URL && !e.WEBHOOK_SECRET)
    throw new ConfigError(
      'WEBHOOK_SECRET: required with WEBHOOK_URL (Telegram sends it back with every update)',
    );
  const dataDir = isAbsolute(e.DATA_DIR) ? e.DATA_DIR : resolve(cwd, e.DATA_DIR);
  return {
    botToken: e.BOT_TOKEN,
    telegramApiRoot: e.TELEGRAM_API_ROOT,
    dataDir,
    storeUrl: e.STORE_URL ?? `sqlite://${join(dataDir, 'nmle.sqlite')}`,
    pgPoolSize: e.PG_POOL_SIZE,
    reviewerIds: e.REVIEWER_IDS,
    flowFile: e.FLOW ? resolve(cwd, e.FLOW) : undefined,
    timeZone: e.TZ,
    logLevel: e.LOG_LEVEL,
    clockStart: e.NMLE_CLOCK,
    documentReader: e.DOCUMENT_READER,
    port: e.PORT,
    consolePort: e.CONSOLE_PORT,
    publicUrl: e.PUBLIC_URL,
    webhook:
      e.WEBHOOK_URL && e.WEBHOOK_SECRET
        ? { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET, port: e.WEBHOOK_PORT }
        : undefined,
  };
}
