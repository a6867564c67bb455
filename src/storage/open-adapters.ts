import type { ApplicantRepository } from '../app/ports/applicant-repository.js';
import type { AuditLog } from '../app/ports/audit-log.js';
import type { ConsoleSessionRepository } from '../app/ports/console-sessions.js';
import type { SignInLinkRepository } from '../app/ports/console-sign-in-links.js';
import type { DossierClaims } from '../app/ports/dossier-claims.js';
import type { DossierQueueIndex } from '../app/ports/dossier-queue-index.js';
import type { OutboxRepository } from '../app/ports/outbox-repository.js';
import type { PictureStore } from '../app/ports/picture-store.js';
import type { Config } from '../config.js';
import type { OnCorruptRecord } from '../errors.js';
import { createApplicantStore } from './applicant-store.js';
import { createAuditLogStore } from './audit-log-store.js';
import { createConsoleSessionStore, createSignInLinkStore } from './console-sign-in-store.js';
import { createDossierClaimStore } from './dossier-claim-store.js';
import { createDossierQueueIndexStore } from './dossier-queue-index-store.js';
import { createFilePictureStore } from './file-picture-store.js';
import { openStore } from './open-store.js';
import { createOutboxStore } from './outbox-store.js';
import { createPostgresApplicantRepository } from './postgres/postgres-applicant-repository.js';
import { createPostgresAuditLog } from './postgres/postgres-audit-log.js';
import {
  createPostgresConsoleSessions,
  createPostgresSignInLinks,
} from './postgres/postgres-console-sign-in.js';
import { createPostgresDossierClaims } from './postgres/postgres-dossier-claims.js';
import { createPostgresDossierQueueIndex } from './postgres/postgres-dossier-queue-index.js';
import { createPostgresOutboxRepository } from './postgres/postgres-outbox-repository.js';
import { createPostgresPictureStore } from './postgres/postgres-picture-store.js';
import { createPostgresReviewerDrafts } from './postgres/postgres-reviewer-drafts.js';
import { openPostgresStore } from './postgres/postgres-store.js';
import { createReviewerStore, type ReviewerStore } from './reviewer-store.js';

/** The storage adapters of one process: the embedded set or the shared one, as STORE_URL says. */
export interface StoreAdapters {
  /** `embedded`: SQLite and files under DATA_DIR, one process. `shared`: PostgreSQL, any number. */
  readonly kind: 'embedded' | 'shared';
  readonly applicants: ApplicantRepository;
  readonly outbox: OutboxRepository;
  readonly pictures: PictureStore;
  readonly reviewers: ReviewerStore;
  /** The web console's sign-in links, sessions, claims and audit log. */
  readonly signInLinks: SignInLinkRepository;
  readonly consoleSessions: ConsoleSessionRepository;
  readonly claims: DossierClaims;
  readonly audit: AuditLog;
  readonly queueIndex: DossierQueueIndex;
  /** Closes the store (the SQLite file, or the pool's connections). */
  close(): Promise<void>;
}

export interface StoreAdapterOptions {
  /** Told of each stored record a listing skipped because it cannot be used; wire it to the logger. */
  readonly onCorrupt: OnCorruptRecord;
  /** Told of a dropped idle PostgreSQL connection (the next query opens another). */
  readonly onConnectionError?: (error: Error) => void;
}

/** Whether a STORE_URL names PostgreSQL (the shared set). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/**
 * Opens the store STORE_URL names and builds every storage adapter on it: the one place that chooses
 * between the embedded set and the shared set. On PostgreSQL the tables are migrated before it resolves.
 * @throws when the store cannot be opened (unreachable database, failed migration, unwritable file).
 */
export async function openAdapters(
  config: Pick<Config, 'storeUrl' | 'dataDir' | 'pgPoolSize'>,
  options: StoreAdapterOptions,
): Promise<StoreAdapters> {
  const { onCorrupt } = options;
  if (isPostgresUrl(config.storeUrl)) {
    const store = await openPostgresStore(config.storeUrl, {
      poolSize: config.pgPoolSize,
      ...(options.onConnectionError && { onIdleError: options.onConnectionError }),
    });
    return {
      kind: 'shared',
      applicants: createPostgresApplicantRepository(store.pool, { onCorrupt }),
      outbox: createPostgresOutboxRepository(store.pool, { onCorrupt }),
      pictures: createPostgresPictureStore(store.pool),
      reviewers: createPostgresReviewerDrafts(store.pool),
      signInLinks: createPostgresSignInLinks(store.pool),
      consoleSessions: createPostgresConsoleSessions(store.pool),
      claims: createPostgresDossierClaims(store.pool),
      audit: createPostgresAuditLog(store.pool),
      queueIndex: createPostgresDossierQueueIndex(store.pool, { onCorrupt }),
      close: () => store.close(),
    };
  }
  const store = await openStore(config.storeUrl);
  return {
    kind: 'embedded',
    applicants: createApplicantStore(store.keyv, { onCorrupt }),
    outbox: createOutboxStore(store.keyv, { onCorrupt }),
    pictures: createFilePictureStore(config.dataDir),
    reviewers: createReviewerStore(store.keyv),
    signInLinks: createSignInLinkStore(store.keyv),
    consoleSessions: createConsoleSessionStore(store.keyv),
    claims: createDossierClaimStore(store.keyv, { onCorrupt }),
    audit: createAuditLogStore(store.keyv, { onCorrupt }),
    queueIndex: createDossierQueueIndexStore(store.keyv, { onCorrupt }),
    close: () => store.close(),
  };
}
