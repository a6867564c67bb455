import type { Clock } from '../domain/clock.js';
import type { ConsoleSessionRepository } from './ports/console-sessions.js';
import type { SignInLinkRepository } from './ports/console-sign-in-links.js';
import type { SecretTokens } from './ports/secret-tokens.js';

/** A sign-in link works this long after the bot sent it. */
export const SIGN_IN_LINK_TTL_MS = 10 * 60_000;
/** A console session lasts a working day; the reviewer asks the bot for a new link the next one. */
export const CONSOLE_SESSION_TTL_MS = 12 * 60 * 60_000;

export interface ConsoleSignInDeps {
  readonly clock: Clock;
  readonly links: SignInLinkRepository;
  readonly sessions: ConsoleSessionRepository;
  readonly tokens: SecretTokens;
  /** REVIEWER_IDS: a session of someone taken off the list stops working at once. */
  readonly reviewerIds: readonly number[];
}

/** A signed-in reviewer, as the console's pages need them. */
export interface ConsoleSession {
  readonly reviewerId: number;
  /** Every state-changing request carries it (the form field `_csrf` or the header `X-CSRF-Token`). */
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/**
 * A one-time sign-in link's token for a reviewer (256 random bits; only its hash is kept); undefined for
 * anyone not in REVIEWER_IDS.
 */
export async function issueSignInLink(
  deps: ConsoleSignInDeps,
  reviewerId: number,
): Promise<{ readonly token: string; readonly expiresAt: Date } | undefined> {
  if (!deps.reviewerIds.includes(reviewerId)) return undefined;
  const token = deps.tokens.random();
  const expiresAt = new Date(deps.clock.now().getTime() + SIGN_IN_LINK_TTL_MS);
  await deps.links.add({ tokenHash: deps.tokens.hash(token), reviewerId, expiresAt });
  return { token, expiresAt };
}

/**
 * Spends a sign-in link's token for a new session: the session id (for the cookie) and the session.
 * Undefined for a token never issued, already spent, expired, or of someone no longer a reviewer; the link
 * is spent either way.
 */
export async function redeemSignInLink(
  deps: ConsoleSignInDeps,
  token: string,
): Promise<{ readonly sessionId: string; readonly session: ConsoleSession } | undefined> {
  if (!isTokenShaped(token)) return undefined;
  const link = await deps.links.take(deps.tokens.hash(token));
  const now = deps.clock.now();
  if (!link || link.expiresAt <= now || !deps.reviewerIds.includes(link.reviewerId)) return undefined;
  const sessionId = deps.tokens.random();
  const expiresAt = new Date(now.getTime() + CONSOLE_SESSION_TTL_MS);
  await deps.sessions.add({
    idHash: deps.tokens.hash(sessionId),
    reviewerId: link.reviewerId,
    createdAt: now,
    expiresAt,
  });
  return { sessionId, session: sessionOf(deps, sessionId, link.reviewerId, expiresAt) };
}

/** The session a cookie's id opens; undefined when unknown, expired or its reviewer is no longer one. */
export async function openConsoleSession(
  deps: ConsoleSignInDeps,
  sessionId: string,
): Promise<ConsoleSession | undefined> {
  if (!isTokenShaped(sessionId)) return undefined;
  const idHash = deps.tokens.hash(sessionId);
  const stored = await deps.sessions.get(idHash);
  if (!stored) return undefined;
  if (stored.expiresAt <= deps.clock.now()) {
    // The browser still sends it; the store need not keep it any longer.
    await deps.sessions.delete(idHash);
    return undefined;
  }
  if (!deps.reviewerIds.includes(stored.reviewerId)) return undefined;
  return sessionOf(deps, sessionId, stored.reviewerId, stored.expiresAt);
}

/**
 * Forgets the links and sessions that have expired: they open nothing any more, and a reviewer's id need not
 * be kept with them. Resolves with how many of each were removed.
 */
export async function pruneExpiredSignIns(
  deps: Pick<ConsoleSignInDeps, 'clock' | 'links' | 'sessions'>,
): Promise<{ readonly links: number; readonly sessions: number }> {
  const now = deps.clock.now();
  const [links, sessions] = await Promise.all([deps.links.prune(now), deps.sessions.prune(now)]);
  return { links, sessions };
}

/** Ends the session (sign-out). */
export async function signOut(deps: ConsoleSignInDeps, sessionId: string): Promise<void> {
  if (isTokenShaped(sessionId)) await deps.sessions.delete(deps.tokens.hash(sessionId));
}

/**
 * The session's CSRF token is derived from its id rather than stored: it cannot be read from the store
 * (which keeps only the id's hash), and it is the same on every page of the session.
 */
function sessionOf(
  deps: ConsoleSignInDeps,
  sessionId: string,
  reviewerId: number,
  expiresAt: Date,
): ConsoleSession {
  return { reviewerId, csrfToken: deps.tokens.hash(`csrf:${sessionId}`), expiresAt };
}

/** Tokens are base64url of 32 bytes; anything else is refused before it reaches the store. */
function isTokenShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]{32,128}$/.test(token);
}
