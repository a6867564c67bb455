import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { z } from 'zod';
import type { ApplicantRepository } from '../app/ports/applicant-repository.js';
import type { OutboxLeases } from '../app/ports/outbox-leases.js';
import type { OutboxRepository } from '../app/ports/outbox-repository.js';
import type { SendPacer } from '../app/ports/send-pacer.js';
import { type Config, parseConfig } from '../config.js';
import { routeIdOf } from '../domain/applicant-progress.js';
import type { Flow } from '../domain/flow.js';
import type { Notification } from '../domain/notifier.js';
import { dueReminders } from '../domain/reminder-rules.js';
import { ConfigError, type OnCorruptRecord, UsageError } from '../errors.js';
import { resolveFlowPath } from '../flows/flow-file.js';
import { loadFlow } from '../flows/load-flow.js';
import { createLogger } from '../log.js';
import { createOutbox } from '../outbox/outbox.js';
import { createApplicantStore } from '../storage/applicant-store.js';
import { markInactive, markInactiveInPlace } from '../storage/mark-inactive.js';
import { isPostgresUrl, openAdapters } from '../storage/open-adapters.js';
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

Environment as for npm start: BOT_TOKEN, TELEGRAM_API_ROOT, DATA_DIR, STORE_URL (SQLite or PostgreSQL), FLOW,
LOG_LEVEL. On PostgreSQL it shares the bot instances' pace (25 messages a second in all).

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
    const flow = await loadFlow(resolveFlowPath(config.flowFile, io.cwd), io.cwd);
    if (values['dry-run']) return dryRun(config, flow, now, io);
    if (!config.botToken)
      throw new ConfigError('BOT_TOKEN: not set; expected the bot token from @BotFather (or use --dry-run)');

    const log = createLogger(config.logLevel, lineSink(io));
    const onCorrupt: OnCorruptRecord = (error) =>
      log.error({ err: error }, 'a stored record cannot be used: skipped and left as it is');
    const store = await openReminderStore(config, flow, onCorrupt, now);
    try {
      const outboxStore = store.outbox;
      const outbox = createOutbox({
        store: outboxStore,
        send: botApiSender(config.botToken, config.telegramApiRoot),
        onBlocked: store.markBlocked,
        log,
        sweepIntervalMs: 0,
        // On PostgreSQL the pace and the owners' leases are the bot instances' own: one pace for all.
        ...(store.pacer && { pacer: store.pacer }),
        ...(store.leases && { leases: store.leases }),
      });
      // Also finishes what a crashed bot or run left unsent.
      await outbox.start();
      const due = dueReminders(flow, await store.applicants.all(), now);
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
  config: Config,
  flow: Parameters<typeof dueReminders>[0],
  now: Date,
  io: CliIo,
): Promise<number> {
  const file = config.storeUrl.replace(/^sqlite:\/\//, '');
  if (!isPostgresUrl(config.storeUrl) && (file === ':memory:' || !existsSync(file))) return 0;
  const onCorrupt: OnCorruptRecord = (error) => io.stderr(`skipped: ${error.message}\n`);
  const store = await openReminderStore(config, flow, onCorrupt, now);
  try {
    for (const notification of dueReminders(flow, await store.applicants.all(), now)) {
      if (await store.outbox.get(notification.dedupeKey)) continue;
      io.stdout(`${JSON.stringify({ ...summaryOf(notification), html: notification.html })}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

/** What a reminder pass reads and writes, on the store STORE_URL names. */
interface ReminderStore {
  readonly applicants: Pick<ApplicantRepository, 'all'>;
  readonly outbox: OutboxRepository;
  /** Marks an applicant who blocked the bot inactive. */
  readonly markBlocked: (userId: number) => Promise<void>;
  readonly pacer?: SendPacer;
  readonly leases?: OutboxLeases;
  close(): Promise<void>;
}

/**
 * The embedded store opened as the bot opens it, where a blocked applicant is marked in place (the bot may
 * hold the record in its cache); or PostgreSQL, through the same adapters as the bot instances, sharing their
 * pace and leases (the record is changed under its row lock, and no instance caches it).
 */
async function openReminderStore(
  config: Config,
  flow: Flow,
  onCorrupt: OnCorruptRecord,
  now: Date,
): Promise<ReminderStore> {
  if (isPostgresUrl(config.storeUrl)) {
    const adapters = await openAdapters(config, { onCorrupt, routeOf: (a) => routeIdOf(flow, a) });
    return {
      applicants: adapters.applicants,
      outbox: adapters.outbox,
      markBlocked: (userId) => markInactive(adapters.applicants, userId, now),
      pacer: adapters.sendPacer,
      leases: adapters.outboxLeases,
      close: () => adapters.close(),
    };
  }
  const store = await openStore(config.storeUrl);
  return {
    applicants: createApplicantStore(store.keyv, { onCorrupt }),
    outbox: createOutboxStore(store.keyv, { onCorrupt }),
    markBlocked: async (userId) => {
      await markInactiveInPlace(store.keyv, userId);
    },
    close: () => store.close(),
  };
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
