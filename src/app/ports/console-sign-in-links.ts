/** A sign-in link as stored: only the SHA-256 of its token, never the token itself. */
export interface StoredSignInLink {
  /** Hex SHA-256 of the link's token. */
  readonly tokenHash: string;
  readonly reviewerId: number;
  readonly expiresAt: Date;
}

/**
 * The console's one-time sign-in links. A stolen copy of the store cannot be turned into a working link
 * (only hashes are kept). Every adapter passes test/contracts/console-sign-in.contract.ts.
 */
export interface SignInLinkRepository {
  add(link: StoredSignInLink): Promise<void>;
  /**
   * Removes the link and hands it back, whether or not it has expired (the caller judges that): of two
   * callers spending one link at once, exactly one gets it, also across processes sharing the store.
   */
  take(tokenHash: string): Promise<StoredSignInLink | undefined>;
  /** Removes every link that expired before `expiredBefore` (never spent); resolves with how many. */
  prune(expiredBefore: Date): Promise<number>;
}
