import type Keyv from 'keyv';
import type { UpdateLog } from '../app/ports/update-log.js';
import type { Clock } from '../domain/clock.js';

/** How long an applied update is remembered: Telegram stops re-delivering one long before. */
const KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * The applied updates in the embedded store (webhook mode on one machine): `update:<id>` entries that expire
 * after a day, so nothing needs pruning by hand.
 */
export function createUpdateLogStore(keyv: Keyv, clock: Clock): UpdateLog {
  const key = (updateId: number) => `update:${updateId}`;
  return {
    async has(updateId) {
      return (await keyv.get(key(updateId))) !== undefined;
    },
    async record(updateId) {
      await keyv.set(key(updateId), clock.now().toISOString(), KEEP_MS);
    },
    // Keyv drops an expired entry when it is read; there is nothing to sweep.
    async prune() {
      return 0;
    },
  };
}
