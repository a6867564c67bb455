import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApplicantStore } from '../../src/storage/applicant-store.js';
import { createAuditLogStore } from '../../src/storage/audit-log-store.js';
import { createConsoleSessionStore, createSignInLinkStore } from '../../src/storage/console-sign-in-store.js';
import { createDossierClaimStore } from '../../src/storage/dossier-claim-store.js';
import { createDossierQueueIndexStore } from '../../src/storage/dossier-queue-index-store.js';
import { openStore } from '../../src/storage/open-store.js';
import { describeAuditLogContract } from '../contracts/audit-log.contract.js';
import { describeConsoleSignInContract } from '../contracts/console-sign-in.contract.js';
import { describeDossierClaimsContract } from '../contracts/dossier-claims.contract.js';
import { describeDossierQueueIndexContract } from '../contracts/dossier-queue-index.contract.js';

const open = () => openStore(`sqlite://${join(mkdtempSync(join(tmpdir(), 'nmle-console-')), 'nmle.sqlite')}`);
const onCorrupt = (error: Error) => {
  throw error;
};

describeConsoleSignInContract('Keyv on SQLite (embedded)', async () => {
  const store = await open();
  return {
    links: createSignInLinkStore(store.keyv),
    sessions: createConsoleSessionStore(store.keyv),
    close: () => store.close(),
  };
});

describeDossierClaimsContract('Keyv on SQLite (embedded)', async () => {
  const store = await open();
  return { claims: createDossierClaimStore(store.keyv, { onCorrupt }), close: () => store.close() };
});

describeAuditLogContract('Keyv on SQLite (embedded)', async () => {
  const store = await open();
  return { audit: createAuditLogStore(store.keyv, { onCorrupt }), close: () => store.close() };
});

describeDossierQueueIndexContract('Keyv on SQLite (embedded)', async (reportCorrupt) => {
  const store = await open();
  const query = (store.keyv.store as { query: (sql: string, ...params: unknown[]) => Promise<unknown> })
    .query;
  return {
    index: createDossierQueueIndexStore(store.keyv, { onCorrupt: reportCorrupt }),
    applicants: createApplicantStore(store.keyv, { onCorrupt }),
    async writeRaw(userId, json) {
      await query.call(
        store.keyv.store,
        'INSERT INTO keyv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
        `nmle:applicant:${userId}`,
        `{"value":${json}}`,
      );
    },
    close: () => store.close(),
  };
});
