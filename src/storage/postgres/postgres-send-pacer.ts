import type pg from 'pg';
import type { PaceAnswer, SendPacer } from '../../app/ports/send-pacer.js';

export interface PostgresSendPacerOptions {
  /** Overall, for every instance together (Telegram's ~30 a second, less room for replies). */
  readonly messagesPerSecond: number;
  /** Per chat: one message a second. */
  readonly perChatIntervalMs: number;
  /**
   * Whose time the pace is kept in. `database` (the default): PostgreSQL's, so that instances whose clocks
   * differ by more than a slot (40 ms) still keep the pace together. `engine`: the `nowMs` the engine
   * passes, for tests whose clock is moved by hand; every instance must then share one clock.
   */
  readonly clock?: 'database' | 'engine';
}

/**
 * The pace of every instance on one database (tables `outbox_pace`, one row for the whole bot with
 * `next_free_at` and `paused_until`, and `outbox_chat_pace`, a `next_at` per chat; migration 4). A send is
 * granted by one call of `outbox_take_send`, which locks the one pace row, so grants across instances
 * happen one at a time: it refuses while a 429 pause lasts or before the next overall slot, then refuses
 * a chat whose second is not over, and otherwise moves both on (slots `1000 / messagesPerSecond` ms apart:
 * at most that many in any second) and grants. A 429 moves `paused_until` on for everyone.
 */
export function createPostgresSendPacer(pool: pg.Pool, options: PostgresSendPacerOptions): SendPacer {
  const spacingMs = Math.ceil(1000 / options.messagesPerSecond);
  const byEngine = options.clock === 'engine';
  return {
    async take(chatId, nowMs) {
      const { rows } = await pool.query<{ wait_ms: string; scope: 'all' | 'chat' | 'granted' }>(
        'SELECT wait_ms, scope FROM outbox_take_send($1, $2, $3, $4)',
        [chatId, byEngine ? Math.floor(nowMs) : null, spacingMs, options.perChatIntervalMs],
      );
      const row = rows[0];
      if (!row) throw new Error('outbox_take_send answered nothing: is migration 4 applied?');
      if (row.scope === 'granted') return { granted: true };
      return {
        granted: false,
        waitMs: Math.max(1, Number(row.wait_ms)),
        scope: row.scope,
      } satisfies PaceAnswer;
    },
    async pause(retryAfterMs, nowMs) {
      await pool.query(
        `UPDATE outbox_pace SET paused_until = GREATEST(paused_until,
           COALESCE($1::bigint, floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) + $2::bigint)
         WHERE id = 1`,
        [byEngine ? Math.floor(nowMs) : null, Math.ceil(retryAfterMs)],
      );
    },
  };
}
