/** What an outbox has done since it was created. */
export interface OutboxStats {
  sent: number;
  failed: number;
  blocked: number;
  /** 429 answers received. */
  rateLimited: number;
  /** Retries after transient failures. */
  retried: number;
  /** Records taken over from a process that had gone (sent again if it was mid-send). */
  resumed: number;
}

export function createOutboxStats(): OutboxStats {
  return { sent: 0, failed: 0, blocked: 0, rateLimited: 0, retried: 0, resumed: 0 };
}
