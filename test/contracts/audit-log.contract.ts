import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditLog } from '../../src/app/ports/audit-log.js';

export interface AuditLogHarness {
  readonly audit: AuditLog;
  close(): Promise<void>;
}

const T0 = Date.parse('2020-03-25T01:00:00Z');
const entry = (minute: number, applicantId: number, more: Partial<AuditEntry> = {}): AuditEntry => ({
  at: new Date(T0 + minute * 60_000),
  reviewerId: 7,
  applicantId,
  material: undefined,
  from: 'submitted',
  to: 'returned',
  reason: undefined,
  note: undefined,
  ...more,
});

/** What every AuditLog adapter promises (src/app/ports/audit-log.ts), on SQLite and PostgreSQL. */
export function describeAuditLogContract(name: string, make: () => Promise<AuditLogHarness>): void {
  describe(`the AuditLog contract: ${name}`, () => {
    let harness: AuditLogHarness;
    let audit: AuditLog;
    beforeEach(async () => {
      harness = await make();
      audit = harness.audit;
    });
    afterEach(async () => {
      await harness.close();
    });

    it('gives back every field of an entry, the material, reason and internal note included', async () => {
      const full = entry(0, 1001, {
        material: 'identity',
        to: 'redo',
        reason: '不清晰、方向错误',
        note: '反面反光',
      });
      await audit.append([full]);
      expect(await audit.forApplicant(1001)).toEqual([full]);
    });

    it('lists one dossier’s entries oldest first, and nobody else’s', async () => {
      await audit.append([entry(5, 1001, { to: 'approved' })]);
      await audit.append([entry(1, 1001), entry(1, 1001, { material: 'diploma', to: 'redo' })]);
      await audit.append([entry(3, 10010)]);
      const mine = await audit.forApplicant(1001);
      expect(mine.map((e) => [e.at.getTime() - T0, e.to])).toEqual([
        [60_000, 'returned'],
        [60_000, 'redo'],
        [300_000, 'approved'],
      ]);
    });

    it('lists the latest entries of everyone, newest first, up to the limit', async () => {
      await audit.append([entry(1, 1001), entry(2, 1002), entry(3, 1003)]);
      const latest = await audit.latest(2);
      expect(latest.map((e) => e.applicantId)).toEqual([1003, 1002]);
    });

    it('appends nothing for an empty list', async () => {
      await audit.append([]);
      expect(await audit.latest(10)).toEqual([]);
    });
  });
}
