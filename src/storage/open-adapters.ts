import pg from 'pg';
import type { ApplicantRepository } from '../app/ports/applicant-repository.js';
import type { AuditLog } from '../app/ports/audit-log.js';
import type { ConsoleSessionRepository } from '../app/ports/console-sessions.js';
import type { SignInLinkRepository } from '../app/ports/console-sign-in-links.js';
import type { DossierClaims } from '../app/ports/dossier-claims.js';
import type { DossierQueueIndex } from '../app/ports/dossier-queue-index.js';
import type { LeaderLock } from '../app/ports/leader-lock.js';
import type { OutboxLeases } from '../app/ports/outbox-leases.js';
import type { OutboxRepository } from '../app/ports/outbox-repository.js';
import type { PictureStore } from '../app/ports/picture-store.js';
import type { SendPacer } from '../app/ports/send-pacer.js';
import type { UpdateGate } from '../app/ports/update-gate.js';
import { WEBHOOK_MAX_CONNECTIONS } from '../app/ports/update-gate.js';
import type { WorkQueue } from '../app/ports/work-queue.js';
import type { Config } from '../config.js';
import type { Applicant } from '../domain/applicant.js';
import { type Clock, systemClock } from '../domain/clock.js';
import type { OnCorruptRecord } from '../errors.js';
import { DEFAULT_OUTBOX_LIMITS } from '../outbox/outbox-limits.js';
import { createInProcessPacer } from '../outbox/pacing.js';
import { createProcessLeases } from '../outbox/takeover.js';
import { createApplicantStore } from './applicant-store.js';
import { createAuditLogStore } from './audit-log-store.js';
import { createConsoleSessionStore, createSignInLinkStore } from './console-sign-in-store.js';
import { createDossierClaimStore } from './dossier-claim-store.js';
import { createDossierQueueIndexStore } from './dossier-queue-index-store.js';
import { createFilePictureStore } from './file-picture-store.js';
import { createInProcessLeaderLock } from './in-process-leader-lock.js';
import { createInProcessWorkQueue, type InProcessWorkQueue } from './in-process-work-queue.js';
import { createKeyLock } from './key-lock.js';
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
import { createPostgresLeaderLock } from './postgres/postgres-leader-lock.js';
import { createPostgresOutboxLeases } from './postgres/postgres-outbox-leases.js';
import { createPostgresOutboxRepository } from './postgres/postgres-outbox-repository.js';
import { openPostgresPictureQueue } from './postgres/postgres-picture-queue.js';
import { createPostgresPictureStore } from './postgres/postgres-picture-store.js';
import { createPostgresReviewerDrafts } from './postgres/postgres-reviewer-drafts.js';
import { createPostgresSendPacer } from './postgres/postgres-send-pacer.js';
import { openPostgresStore } from './postgres/postgres-store.js';
import { createPostgresUpdateGate } from './postgres/postgres-update-gate.js';
import { createReviewerStore, type ReviewerStore } from './reviewer-store.js';
import { updateGateOf } from './update-gate.js';
import { createUpdateLogStore } from './update-log-store.js';

/** The storage adapters of one process: the embedded set or the shared one, as STORE_URL says. */
export interface StoreAdapters {
  /** `embedded`: SQLite and files under DATA_DIR, one process. `shared`: PostgreSQL, any number. */
  readonly kind: 'embedded' | 'shared';
  readonly applicants: ApplicantRepository;
  readonly outbox: OutboxRepository;
  /** The outbox's pace and owner liveness: this process's own (embedded), or every instance's (shared). */
  readonly sendPacer: SendPacer;
  readonly outboxLeases: OutboxLeases;
  readonly pictures: PictureStore;
  readonly reviewers: ReviewerStore;
  /** The web console's sign-in links, sessions, claims and audit log. */
  readonly signInLinks: SignInLinkRepository;
  readonly consoleSessions: ConsoleSessionRepository;
  readonly claims: DossierClaims;
  readonly audit: AuditLog;
  readonly queueIndex: DossierQueueIndex;
  /** Webhook mode: one update of a chat at a time (across instances), each applied once. */
  readonly updateGate: UpdateGate;
  /** One reminder pass at a time across every instance on the store. */
  readonly leader: LeaderLock;
  /**
   * The picture queue: in this process's memory (embedded), or the one every instance takes jobs from (BullMQ
   * on the same database). Only the in-memory one has `settled`: its jobs die with the process, so in webhook
   * mode an update waits for them. Stopped by its `drain`; `onError` hears of failed jobs.
   */
  openPictureQueue(onError: (error: unknown) => void): Promise<PictureQueue>;
  /** Whether the store answers a query now (GET /healthz). */
  healthy(): Promise<boolean>;
  /** Closes the store (the SQLite file, or the pool's connections). */
  close(): Promise<void>;
}

export interface StoreAdapterOptions {
  /** Told of each stored record a listing skipped because it cannot be used; wire it to the logger. */
  readonly onCorrupt: OnCorruptRecord;
  /** Stamps the update log's entries (default: the system clock). */
  readonly clock?: Clock;
  /**
   * The route (flow section) an applicant is on, for PostgreSQL's indexed `route` column. A process without
   * the flow leaves it out, and the stored route is kept when it writes.
   */
  readonly routeOf?: (applicant: Applicant) => string | undefined;
  /** Told of a dropped idle PostgreSQL connection (the next query opens another). */
  readonly onConnectionError?: (error: Error) => void;
}

/** A picture queue as {@link StoreAdapters.openPictureQueue} opens it. */
export type PictureQueue = WorkQueue & Partial<Pick<InProcessWorkQueue, 'settled'>>;

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
  const clock = options.clock ?? systemClock;
  if (isPostgresUrl(config.storeUrl)) {
    const store = await openPostgresStore(config.storeUrl, {
      poolSize: config.pgPoolSize,
      ...(options.onConnectionError && { onIdleError: options.onConnectionError }),
    });
    // Chat locks are held on connections of their own while updates are applied: one the updates in hand
    // share, and one per chat whose lock another instance holds — at most as many as Telegram posts at once
    // (setWebhook's max_connections), so that no update waits for one. Idle ones close.
    const lockPool = new pg.Pool({
      connectionString: config.storeUrl,
      max: WEBHOOK_MAX_CONNECTIONS,
      idleTimeoutMillis: 5_000,
    });
    lockPool.on('error', (error) => options.onConnectionError?.(error));
    return {
      kind: 'shared',
      applicants: createPostgresApplicantRepository(store.pool, {
        onCorrupt,
        ...(options.routeOf && { routeOf: options.routeOf }),
      }),
      outbox: createPostgresOutboxRepository(store.pool, { onCorrupt }),
      sendPacer: createPostgresSendPacer(store.pool, DEFAULT_OUTBOX_LIMITS),
      outboxLeases: createPostgresOutboxLeases(store.pool),
      pictures: createPostgresPictureStore(store.pool),
      reviewers: createPostgresReviewerDrafts(store.pool),
      signInLinks: createPostgresSignInLinks(store.pool),
      consoleSessions: createPostgresConsoleSessions(store.pool),
      claims: createPostgresDossierClaims(store.pool),
      audit: createPostgresAuditLog(store.pool),
      queueIndex: createPostgresDossierQueueIndex(store.pool, { onCorrupt }),
      updateGate: createPostgresUpdateGate(lockPool, clock),
      leader: createPostgresLeaderLock(lockPool),
      openPictureQueue: (onError) => openPostgresPictureQueue({ url: config.storeUrl, onError }),
      healthy: () =>
        store.pool.query('SELECT 1').then(
          () => true,
          () => false,
        ),
      close: async () => {
        await lockPool.end();
        await store.close();
      },
    };
  }
  const store = await openStore(config.storeUrl);
  return {
    kind: 'embedded',
    applicants: createApplicantStore(store.keyv, { onCorrupt }),
    outbox: createOutboxStore(store.keyv, { onCorrupt }),
    sendPacer: createInProcessPacer(DEFAULT_OUTBOX_LIMITS),
    outboxLeases: createProcessLeases(),
    pictures: createFilePictureStore(config.dataDir),
    reviewers: createReviewerStore(store.keyv),
    signInLinks: createSignInLinkStore(store.keyv),
    consoleSessions: createConsoleSessionStore(store.keyv),
    claims: createDossierClaimStore(store.keyv, { onCorrupt }),
    audit: createAuditLogStore(store.keyv, { onCorrupt }),
    queueIndex: createDossierQueueIndexStore(store.keyv, { onCorrupt }),
    updateGate: updateGateOf(createKeyLock(), createUpdateLogStore(store.keyv, clock)),
    leader: createInProcessLeaderLock(),
    openPictureQueue: async (onError) => createInProcessWorkQueue(onError),
    healthy: () =>
      store.keyv.get('health').then(
        () => true,
        () => false,
      ),
    close: () => store.close(),
  };
}
