import type { OutboxRecord, OutboxRepository } from '../app/ports/outbox-repository.js';
import type { SendPacer } from '../app/ports/send-pacer.js';
import type { SendMessage } from '../app/ports/sender.js';
import type { Logger } from '../log.js';
import type { OutboxLimits } from './outbox-limits.js';
import type { OutboxStats } from './outbox-stats.js';

/** A record held in memory for delivery, in its chat's queue. */
export interface Held {
  record: OutboxRecord;
  /** Not before this time (ms): the backoff after a transient failure. */
  notBefore: number;
}

/** What one delivery works with; shared by every delivery of one outbox. */
export interface DeliveryContext {
  readonly store: OutboxRepository;
  readonly send: SendMessage;
  readonly onBlocked: (userId: number) => Promise<void>;
  readonly log: Logger;
  readonly limits: Pick<OutboxLimits, 'maxAttempts' | 'backoffBaseMs' | 'backoffMaxMs'>;
  readonly owner: string;
  readonly now: () => number;
  readonly pacer: Pick<SendPacer, 'pause'>;
  readonly stats: OutboxStats;
  /** The record is done with here (settled, or another process has it): it leaves memory. */
  readonly release: (dedupeKey: string) => void;
}

/**
 * Delivers one record, bracketed by two writes: `sending` (attempts + 1) right before the send, the answer
 * right after. A 429 pauses all sending (every instance sharing the pacer) and puts the record back at the
 * head of its chat's `queue`, its attempt not counted; a 403 marks it and everything queued for the chat
 * `blocked`, then calls `onBlocked`; a permanent failure, or a transient one at `maxAttempts`, marks it
 * `failed`; another transient one puts it back at the head of `queue` after an exponential backoff. Store errors are thrown: the record stays
 * unfinished for the next start.
 */
export async function deliverRecord(ctx: DeliveryContext, queue: Held[], held: Held): Promise<void> {
  const { store, log, limits, stats, release } = ctx;
  const at = () => new Date(ctx.now());
  const claimed = await store.update(
    held.record,
    { state: 'sending', attempts: held.record.attempts + 1, owner: ctx.owner },
    at(),
  );
  if (!claimed) {
    log.warn({ reason: held.record.reason }, 'outbox record changed under us; another process has it');
    release(held.record.dedupeKey);
    return;
  }
  const result = await ctx.send(claimed.chatId, claimed.html);
  if (result.ok) {
    await store.update(
      claimed,
      { state: 'sent', sentAt: at().toISOString(), messageId: result.messageId, lastError: undefined },
      at(),
    );
    stats.sent += 1;
    release(claimed.dedupeKey);
    return;
  }
  switch (result.kind) {
    case 'rate_limited': {
      stats.rateLimited += 1;
      // Paused before the write below, so that no other send starts meanwhile.
      await ctx.pacer.pause(result.retryAfterMs, ctx.now()).catch((error: unknown) => {
        // The record must still go back to pending below: it was not sent.
        log.error({ err: error }, 'could not share the 429 pause with the other instances');
      });
      log.warn({ retryAfterMs: result.retryAfterMs }, 'Telegram asked to slow down: pausing the outbox');
      const back = await store.update(
        claimed,
        { state: 'pending', attempts: claimed.attempts - 1, lastError: result.error },
        at(),
      );
      if (back) queue.unshift({ record: back, notBefore: 0 });
      else release(claimed.dedupeKey);
      return;
    }
    case 'blocked': {
      stats.blocked += 1;
      await store.update(claimed, { state: 'blocked', lastError: result.error }, at());
      release(claimed.dedupeKey);
      for (const other of queue.splice(0)) {
        await store.update(
          other.record,
          { state: 'blocked', lastError: 'not sent: the user blocked the bot' },
          at(),
        );
        stats.blocked += 1;
        release(other.record.dedupeKey);
      }
      log.info({ reason: claimed.reason }, 'applicant blocked the bot: marking them inactive');
      await ctx.onBlocked(claimed.userId).catch((error: unknown) => {
        log.error({ err: error }, 'could not mark the applicant inactive');
      });
      return;
    }
    case 'permanent':
    case 'transient': {
      if (result.kind === 'permanent' || claimed.attempts >= limits.maxAttempts) {
        stats.failed += 1;
        await store.update(claimed, { state: 'failed', lastError: result.error }, at());
        log.warn(
          { reason: claimed.reason, attempts: claimed.attempts, error: result.error },
          'outbox gave up on a message',
        );
        release(claimed.dedupeKey);
        return;
      }
      stats.retried += 1;
      const back = await store.update(claimed, { state: 'pending', lastError: result.error }, at());
      const delayMs = Math.min(limits.backoffMaxMs, limits.backoffBaseMs * 2 ** (claimed.attempts - 1));
      if (back) queue.unshift({ record: back, notBefore: ctx.now() + delayMs });
      else release(claimed.dedupeKey);
      return;
    }
  }
}
