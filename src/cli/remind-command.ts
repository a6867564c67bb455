import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { z } from 'zod';
import { parseConfig } from '../config.js';
import type { Notification } from '../domain/notifier.js';
import { dueReminders } from '../domain/reminder-rules.js';
import { ConfigError, type OnCorruptRecord, UsageError } from '../errors.js';
import { resolveFlowPath } from '../flows/flow-file.js';
import { loadFlow } from '../flows/load-flow.js';
import { createLogger } from '../log.js';
import { createOutbox } from '../outbox/outbox.js';
import { createApplicantStore } from '../storage/applicant-store.js';
import { markInactiveInPlace } from '../storage/mark-inactive.js';
import { isPostgresUrl } from '../storage/open-adapters.js';
import { openStore } from '../storage/open-store.js';
import { createOutboxStore } from '../storage/outbox-store.js';
import { botApiSender } from '../telegram/telegram-sender.js';
import type { CliCommand, CliIo } from './command.js';
import { parseCliArgs, requireOption } from './parse-args.js';

const USAGE = `Usage: nmle remind --now <ISO-8601 time> [--dry-run] [--json]

Runs one pass of the scheduled reminders as if the clock read --now, sends what is due through the Bot API
and records it in the store, so that no reminder is ever sent twice: running it again sends nothing. Waits
until every message is delivered or given up. Safe while the bot runs on the same store.

  --now <time>   the time to evaluate the reminders at, with its offset, e.g. 2020-03-25T10:00:00+08:00
  --dry-run      print what would be sent, one JSON line each; send nothing, record nothing
  --json         one JSON line per due reminder with its outcome (sent, already_sent, blocked, failed)

Environment as for npm start: BOT_TOKEN, TELEGRAM_API_ROOT, DATA_DIR, STORE_URL, FLOW, LOG_LEVEL.

Exit status: 0 done (also when nothing was due), 1 a message was given up, 2 usage or configuration error.`;

const NowSchema = z.iso.datetime({ offset: true });

export const remindCommand: CliCommand = {
  name: 'remind',
  summary: 'send the reminders due at a given time, each only once',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, {
      now: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (see --help)`);
    const nowText = requireOption(values.now, 'now', 'an ISO-8601 time such as 2020-03-25T10:00:00+08:00');
    if (!NowSchema.safeParse(nowText).success) {
      throw new UsageError(
        `--now: expected an ISO-8601 time with its offset, such as 2020-03-25T10:00:00+08:00; got "${nowText}"`,
      );
    }
    const now = new Date(nowText);
    const config = parseConfig(io.env, io.cwd);
    if (isPostgresUrl(config.storeUrl))
      throw new ConfigError(
        'STORE_URL: nmle remind works on the embedded SQLite store only for now; on PostgreSQL the bot instances run the reminder pass themselves',
      );
    const flow = await loadFlow(resolveFlowPath(config.flowFile, io.cwd), io.cwd);
    if (values['dry-run']) return dryRun(config.storeUrl, flow, now, io);
    if (!config.botToken)
      throw new ConfigError('BOT_TOKEN: not set; expected the bot token from @BotFather (or use --dry-run)');

    const store = await openStore(config.storeUrl);
    try {
      const log = createLogger(config.logLevel, lineSink(io));
      const onCorrupt: OnCorruptRecord = (error) =>
        log.error({ err: error }, 'a stored record cannot be used: skipped and left as it is');
      const outboxStore = createOutboxStore(store.keyv, { onCorrupt });
      const outbox = createOutbox({
        store: outboxStore,
        send: botApiSender(config.botToken, config.telegramApiRoot),
        // The bot may hold this applicant in its cache: change the one field in place (see README).
        onBlocked: async (userId) => {
          await markInactiveInPlace(store.keyv, userId);
        },
        log,
        sweepIntervalMs: 0,
      });
      // Also finishes what a crashed bot or run left unsent.
      await outbox.start();
      const due = dueReminders(flow, await createApplicantStore(store.keyv, { onCorrupt }).all(), now);
      const recorded = await Promise.all(due.map((n) => outbox.record(n)));
      await outbox.whenIdle();
      await outbox.stop();

      const counts = { sent: 0, already_sent: 0, blocked: 0, failed: 0, pending: 0 };
      for (const [i, notification] of due.entries()) {
        const state =
          recorded[i] === 'duplicate'
            ? 'already_sent'
            : ((await outboxStore.get(notification.dedupeKey))?.state ?? 'failed');
        const outcome = state === 'sending' ? 'pending' : state;
        counts[outcome] += 1;
        if (values.json) io.stdout(`${JSON.stringify({ ...summaryOf(notification), outcome })}\n`);
      }
      if (!values.json) {
        io.stdout(
          `${due.length} reminder(s) due at ${now.toISOString()}: ${counts.sent} sent, ${counts.already_sent} already sent before, ${counts.blocked} blocked, ${counts.failed} failed\n`,
        );
        if (outbox.stats.resumed > 0)
          io.stdout(`also delivered ${outbox.stats.resumed} message(s) an earlier run had left unsent\n`);
      }
      return counts.failed > 0 || counts.pending > 0 ? 1 : 0;
    } finally {
      await store.close();
    }
  },
};

/** Prints the reminders due and not yet recorded, without writing anything (no store file: no applicants). */
async function dryRun(
  storeUrl: string,
  flow: Parameters<typeof dueReminders>[0],
  now: Date,
  io: CliIo,
): Promise<number> {
  const file = storeUrl.replace(/^sqlite:\/\//, '');
  if (file === ':memory:' || !existsSync(file)) return 0;
  const store = await openStore(storeUrl);
  try {
    const onCorrupt: OnCorruptRecord = (error) => io.stderr(`skipped: ${error.message}\n`);
    const outboxStore = createOutboxStore(store.keyv, { onCorrupt });
    const applicants = await createApplicantStore(store.keyv, { onCorrupt }).all();
    for (const notification of dueReminders(flow, applicants, now)) {
      if (await outboxStore.get(notification.dedupeKey)) continue;
      io.stdout(`${JSON.stringify({ ...summaryOf(notification), html: notification.html })}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

function summaryOf(n: Notification) {
  return { userId: n.userId, chatId: n.chatId, reason: n.reason, dedupeKey: n.dedupeKey };
}

/** The command's log lines go to its stderr, through `io` like all its output. */
function lineSink(io: CliIo): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      io.stderr(chunk.toString());
      callback();
    },
  });
}
