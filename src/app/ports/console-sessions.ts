/** A console session as stored: keyed by the SHA-256 of its id, so the store alone opens no session. */
export interface StoredConsoleSession {
  /** Hex SHA-256 of the session id the cookie carries. */
  readonly idHash: string;
  readonly reviewerId: number;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** The console's sessions. Every adapter passes test/contracts/console-sign-in.contract.ts. */
export interface ConsoleSessionRepository {
  add(session: StoredConsoleSession): Promise<void>;
  /** The session under this hash, expired or not (the caller judges that). */
  get(idHash: string): Promise<StoredConsoleSession | undefined>;
  /** Ends a session (sign-out); removing one that is not there is not an error. */
  delete(idHash: string): Promise<void>;
  /** Removes every session that expired before `expiredBefore`; resolves with how many. */
  prune(expiredBefore: Date): Promise<number>;
}
