import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DossierClaims } from '../../src/app/ports/dossier-claims.js';

export interface DossierClaimsHarness {
  readonly claims: DossierClaims;
  close(): Promise<void>;
}

const T0 = Date.parse('2020-03-25T01:00:00Z');
const min = (n: number) => new Date(T0 + n * 60_000);

/** What every DossierClaims adapter promises (src/app/ports/dossier-claims.ts), on SQLite and PostgreSQL. */
export function describeDossierClaimsContract(name: string, make: () => Promise<DossierClaimsHarness>): void {
  describe(`the DossierClaims contract: ${name}`, () => {
    let harness: DossierClaimsHarness;
    let claims: DossierClaims;
    beforeEach(async () => {
      harness = await make();
      claims = harness.claims;
    });
    afterEach(async () => {
      await harness.close();
    });

    it('keeps a running claim from another reviewer, and lets its holder extend it', async () => {
      expect(await claims.claim(1001, 7, min(15), min(0))).toBe(true);
      expect(await claims.claim(1001, 8, min(20), min(5))).toBe(false);
      expect(await claims.claim(1001, 7, min(25), min(10))).toBe(true);
      expect(await claims.running(min(20))).toEqual([{ applicantId: 1001, reviewerId: 7, until: min(25) }]);
    });

    it('lets another reviewer take a claim once it has run out', async () => {
      await claims.claim(1001, 7, min(15), min(0));
      expect(await claims.claim(1001, 8, min(31), min(16))).toBe(true);
      expect((await claims.running(min(17)))[0]?.reviewerId).toBe(8);
    });

    it('gives a dossier to exactly one of two reviewers claiming at once', async () => {
      const won = await Promise.all(
        [7, 8, 9, 10].map((reviewer) => claims.claim(1002, reviewer, min(15), min(0))),
      );
      expect(won.filter(Boolean)).toHaveLength(1);
    });

    it('lists only the claims still running', async () => {
      await claims.claim(1001, 7, min(15), min(0));
      await claims.claim(1002, 8, min(5), min(0));
      expect((await claims.running(min(10))).map((c) => c.applicantId)).toEqual([1001]);
    });

    it('releases only the holder’s own claim', async () => {
      await claims.claim(1001, 7, min(15), min(0));
      await claims.release(1001, 8);
      expect(await claims.running(min(1))).toHaveLength(1);
      await claims.release(1001, 7);
      expect(await claims.running(min(1))).toEqual([]);
      expect(await claims.claim(1001, 8, min(16), min(1))).toBe(true);
    });
  });
}
