import { createPostgresApplicantRepository } from '../../src/storage/postgres/postgres-applicant-repository.js';
import { createPostgresAuditLog } from '../../src/storage/postgres/postgres-audit-log.js';
import {
  createPostgresConsoleSessions,
  createPostgresSignInLinks,
} from '../../src/storage/postgres/postgres-console-sign-in.js';
import { createPostgresDossierClaims } from '../../src/storage/postgres/postgres-dossier-claims.js';
import { createPostgresDossierQueueIndex } from '../../src/storage/postgres/postgres-dossier-queue-index.js';
import { openPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { describeAuditLogContract } from '../contracts/audit-log.contract.js';
import { describeConsoleSignInContract } from '../contracts/console-sign-in.contract.js';
import { describeDossierClaimsContract } from '../contracts/dossier-claims.contract.js';
import { describeDossierQueueIndexContract } from '../contracts/dossier-queue-index.contract.js';
import { createTestSchema, describeWithPostgres } from '../helpers/postgres.js';

/** A fresh schema with the tables migrated, and what `build` makes on its pool. */
async function onFreshSchema<T extends object>(build: (pool: import('pg').Pool) => T) {
  const schema = await createTestSchema();
  const store = await openPostgresStore(schema.url, { poolSize: 8 });
  return {
    ...build(store.pool),
    async close() {
      await store.close();
      await schema.drop();
    },
  };
}

describeWithPostgres('the console stores on PostgreSQL', () => {
  describeConsoleSignInContract('PostgreSQL (shared)', () =>
    onFreshSchema((pool) => ({
      links: createPostgresSignInLinks(pool),
      sessions: createPostgresConsoleSessions(pool),
    })),
  );
  describeDossierClaimsContract('PostgreSQL (shared)', () =>
    onFreshSchema((pool) => ({ claims: createPostgresDossierClaims(pool) })),
  );
  describeAuditLogContract('PostgreSQL (shared)', () =>
    onFreshSchema((pool) => ({ audit: createPostgresAuditLog(pool) })),
  );
  describeDossierQueueIndexContract('PostgreSQL (shared)', async (reportCorrupt) => {
    const schema = await createTestSchema();
    const store = await openPostgresStore(schema.url, { poolSize: 4 });
    return {
      index: createPostgresDossierQueueIndex(store.pool, { onCorrupt: reportCorrupt }),
      applicants: createPostgresApplicantRepository(store.pool, {
        onCorrupt: (error) => {
          throw error;
        },
      }),
      async writeRaw(userId, json) {
        await schema.admin.query(
          `INSERT INTO applicants (user_id, record) VALUES ($1, $2::jsonb)
           ON CONFLICT (user_id) DO UPDATE SET record = excluded.record`,
          [userId, json],
        );
      },
      async close() {
        await store.close();
        await schema.drop();
      },
    };
  });
});
