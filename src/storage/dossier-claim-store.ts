import type Keyv from 'keyv';
import { z } from 'zod';
import type { DossierClaim, DossierClaims } from '../app/ports/dossier-claims.js';
import { CorruptRecordError, type OnCorruptRecord } from '../errors.js';
import { createKeyLock } from './key-lock.js';
import { sqliteTableOf } from './sqlite-table.js';
import { getStored, parseStoredRecord, readStoredRows, type StoredRecordKind } from './stored-record.js';

const ClaimSchema = z.object({
  version: z.literal(1),
  applicantId: z.number().int(),
  reviewerId: z.number().int(),
  until: z.iso.datetime(),
});
type StoredClaim = z.infer<typeof ClaimSchema>;
const CLAIM_RECORD: StoredRecordKind<StoredClaim> = {
  schema: ClaimSchema,
  migrations: { current: 1, steps: {} },
  stepsFile: 'src/storage/dossier-claim-store.ts',
};

const KIND = 'claim';
const keyOf = (applicantId: number) => `${KIND}:${applicantId}`;
const toClaim = (c: StoredClaim): DossierClaim => ({
  applicantId: c.applicantId,
  reviewerId: c.reviewerId,
  until: new Date(c.until),
});

/**
 * The embedded DossierClaims: `claim:<applicant id>` on Keyv over SQLite, changed under a lock per
 * applicant (one process). A claim record that cannot be used counts as no claim for the listing (it is
 * reported) and is overwritten by the next claim: a claim is a hint of a few minutes, not data to keep.
 */
export function createDossierClaimStore(keyv: Keyv, options: { onCorrupt: OnCorruptRecord }): DossierClaims {
  const table = sqliteTableOf(keyv, 'the dossier claims');
  const lock = createKeyLock();
  const read = async (applicantId: number): Promise<StoredClaim | undefined> => {
    const key = keyOf(applicantId);
    let raw: unknown;
    try {
      raw = await getStored(keyv, key);
    } catch (error) {
      if (!(error instanceof CorruptRecordError)) throw error;
      options.onCorrupt(error);
      return undefined;
    }
    if (raw === undefined) return undefined;
    const claim = parseStoredRecord(key, raw, CLAIM_RECORD);
    if (claim instanceof CorruptRecordError) {
      options.onCorrupt(claim);
      return undefined;
    }
    return claim;
  };
  return {
    claim: (applicantId, reviewerId, until, now) =>
      lock.run(String(applicantId), async () => {
        const current = await read(applicantId);
        if (current && current.reviewerId !== reviewerId && new Date(current.until) > now) return false;
        await keyv.set(keyOf(applicantId), {
          version: 1,
          applicantId,
          reviewerId,
          until: until.toISOString(),
        });
        return true;
      }),
    async running(now) {
      const claims: DossierClaim[] = [];
      const stored = await readStoredRows(
        table,
        await table.rowsOf(KIND),
        (key, raw) => parseStoredRecord(key, raw, CLAIM_RECORD),
        options.onCorrupt,
      );
      for (const claim of stored) {
        if (new Date(claim.until) > now) claims.push(toClaim(claim));
      }
      return claims;
    },
    release: (applicantId, reviewerId) =>
      lock.run(String(applicantId), async () => {
        const current = await read(applicantId);
        if (current?.reviewerId === reviewerId) await keyv.delete(keyOf(applicantId));
      }),
  };
}
