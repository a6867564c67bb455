/**
 * Randomness and hashing for the console's secrets, kept behind a port so the use-cases stay free of
 * node:crypto (the adapter is src/console/node-secret-tokens.ts).
 */
export interface SecretTokens {
  /** A fresh token of 256 random bits, URL-safe. */
  random(): string;
  /** Hex SHA-256 of `text`. */
  hash(text: string): string;
}
