import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleSessionRepository } from '../../src/app/ports/console-sessions.js';
import type { SignInLinkRepository } from '../../src/app/ports/console-sign-in-links.js';

export interface ConsoleSignInHarness {
  readonly links: SignInLinkRepository;
  readonly sessions: ConsoleSessionRepository;
  close(): Promise<void>;
}

const hash = (n: number) => n.toString(16).padStart(64, '0');
const at = (iso: string) => new Date(iso);

/**
 * What every sign-in link and console session adapter promises (src/app/ports/console-sign-in-links.ts,
 * console-sessions.ts); run on SQLite and PostgreSQL by test/console/console-stores.*.test.ts.
 */
export function describeConsoleSignInContract(name: string, make: () => Promise<ConsoleSignInHarness>): void {
  describe(`the sign-in link and session contract: ${name}`, () => {
    let harness: ConsoleSignInHarness;
    beforeEach(async () => {
      harness = await make();
    });
    afterEach(async () => {
      await harness.close();
    });

    it('hands a link back once, with its reviewer and expiry, and then never again', async () => {
      const link = { tokenHash: hash(1), reviewerId: 42, expiresAt: at('2020-03-25T01:10:00.000Z') };
      await harness.links.add(link);
      expect(await harness.links.take(hash(1))).toEqual(link);
      expect(await harness.links.take(hash(1))).toBeUndefined();
    });

    it('gives one link to exactly one of many takers at once', async () => {
      await harness.links.add({ tokenHash: hash(2), reviewerId: 42, expiresAt: at('2020-03-25T01:10:00Z') });
      const taken = await Promise.all(Array.from({ length: 8 }, () => harness.links.take(hash(2))));
      expect(taken.filter(Boolean)).toHaveLength(1);
    });

    it('knows no link it was never given', async () => {
      expect(await harness.links.take(hash(3))).toBeUndefined();
    });

    it('keeps a session until it is deleted, and tells sessions apart', async () => {
      const session = {
        idHash: hash(10),
        reviewerId: 7,
        createdAt: at('2020-03-25T01:00:00.000Z'),
        expiresAt: at('2020-03-25T13:00:00.000Z'),
      };
      await harness.sessions.add(session);
      await harness.sessions.add({ ...session, idHash: hash(11), reviewerId: 8 });
      expect(await harness.sessions.get(hash(10))).toEqual(session);
      expect((await harness.sessions.get(hash(11)))?.reviewerId).toBe(8);
      await harness.sessions.delete(hash(10));
      expect(await harness.sessions.get(hash(10))).toBeUndefined();
      expect(await harness.sessions.get(hash(11))).toBeDefined();
      await expect(harness.sessions.delete(hash(10))).resolves.toBeUndefined();
    });

    it('forgets the links and sessions that expired before a time, and only those', async () => {
      const cutoff = at('2020-03-25T02:00:00.000Z');
      await harness.links.add({
        tokenHash: hash(20),
        reviewerId: 1,
        expiresAt: at('2020-03-25T01:59:59.000Z'),
      });
      await harness.links.add({ tokenHash: hash(21), reviewerId: 1, expiresAt: cutoff });
      await harness.links.add({
        tokenHash: hash(22),
        reviewerId: 2,
        expiresAt: at('2020-03-25T02:10:00.000Z'),
      });
      const session = (n: number, expiresAt: string) => ({
        idHash: hash(n),
        reviewerId: 7,
        createdAt: at('2020-03-24T13:00:00.000Z'),
        expiresAt: at(expiresAt),
      });
      await harness.sessions.add(session(30, '2020-03-25T01:00:00.000Z'));
      await harness.sessions.add(session(31, '2020-03-25T01:59:59.999Z'));
      await harness.sessions.add(session(32, '2020-03-25T13:00:00.000Z'));
      expect(await harness.links.prune(cutoff)).toBe(1);
      expect(await harness.sessions.prune(cutoff)).toBe(2);
      expect(await harness.links.take(hash(20))).toBeUndefined();
      expect((await harness.links.take(hash(21)))?.reviewerId).toBe(1);
      expect((await harness.links.take(hash(22)))?.reviewerId).toBe(2);
      expect(await harness.sessions.get(hash(30))).toBeUndefined();
      expect(await harness.sessions.get(hash(31))).toBeUndefined();
      expect(await harness.sessions.get(hash(32))).toEqual(session(32, '2020-03-25T13:00:00.000Z'));
      expect(await harness.sessions.prune(cutoff)).toBe(0);
    });
  });
}
