import { createHash, randomBytes } from 'node:crypto';
import type { SecretTokens } from '../app/ports/secret-tokens.js';

/** SecretTokens on node:crypto: 32 random bytes as base64url, SHA-256 as hex. */
export const nodeSecretTokens: SecretTokens = {
  random: () => randomBytes(32).toString('base64url'),
  hash: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
};
