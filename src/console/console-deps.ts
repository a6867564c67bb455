import type { ConsoleSignInDeps } from '../app/console-sign-in.js';
import type { ApplicantRepository } from '../app/ports/applicant-repository.js';
import type { AuditLog } from '../app/ports/audit-log.js';
import type { ConsoleSessionRepository } from '../app/ports/console-sessions.js';
import type { SignInLinkRepository } from '../app/ports/console-sign-in-links.js';
import type { DossierClaims } from '../app/ports/dossier-claims.js';
import type { DossierQueueIndex } from '../app/ports/dossier-queue-index.js';
import type { PictureStore } from '../app/ports/picture-store.js';
import type { Flow } from '../domain/flow.js';
import type { Notifier } from '../domain/notifier.js';
import type { Logger } from '../log.js';
import { nodeSecretTokens } from './node-secret-tokens.js';

/** What the console is built from; the bot's composition root (src/start-bot.ts) wires it. */
export interface ConsoleDeps extends ConsoleSignInDeps {
  readonly flow: Flow;
  readonly applicants: ApplicantRepository;
  readonly pictures: PictureStore;
  /** The same outbox as the bot's: a decision's alert goes out once, paced. */
  readonly notifier: Notifier;
  readonly claims: DossierClaims;
  /** The queue's light listing (the four fields of each dossier it filters on). */
  readonly queueIndex: DossierQueueIndex;
  readonly audit: AuditLog;
  /** The console's address as reviewers reach it (PUBLIC_URL); https makes the cookie Secure. */
  readonly publicUrl: string;
  /** Times on the pages are shown in this zone (TZ). */
  readonly timeZone: string;
  readonly log: Logger;
}

/** The store's part of the console: the adapters it reads and writes, named as the store names them. */
export interface ConsoleStore {
  readonly pictures: PictureStore;
  readonly claims: DossierClaims;
  readonly queueIndex: DossierQueueIndex;
  readonly audit: AuditLog;
  readonly signInLinks: SignInLinkRepository;
  readonly consoleSessions: ConsoleSessionRepository;
}

/** What the console needs besides its store and its address; the session tokens are node:crypto's unless given. */
export type ConsoleSettings = Omit<
  ConsoleDeps,
  'pictures' | 'claims' | 'queueIndex' | 'audit' | 'links' | 'sessions' | 'tokens' | 'publicUrl'
> &
  Partial<Pick<ConsoleDeps, 'tokens'>>;

/**
 * ConsoleDeps from the store's adapters and the settings: what the bot, the console's tests and its bench
 * share. `publicUrl` may be left undefined for startConsole, which then names the port it listens on.
 */
export function consoleDepsOf<Url extends string | undefined>(
  store: ConsoleStore,
  settings: ConsoleSettings & { readonly publicUrl: Url },
): Omit<ConsoleDeps, 'publicUrl'> & { readonly publicUrl: Url } {
  return {
    tokens: nodeSecretTokens,
    ...settings,
    pictures: store.pictures,
    claims: store.claims,
    queueIndex: store.queueIndex,
    audit: store.audit,
    links: store.signInLinks,
    sessions: store.consoleSessions,
  };
}
