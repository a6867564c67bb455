import type { KeyLock } from '../app/ports/key-lock.js';
import type { UpdateGate } from '../app/ports/update-gate.js';
import type { UpdateLog } from '../app/ports/update-log.js';

/** The gate made of a chat lock and an update log, each a port of its own (the embedded store's). */
export function updateGateOf(chatLock: KeyLock, updates: UpdateLog): UpdateGate {
  return {
    run: ({ chatKey, updateId }, work) =>
      chatLock.run(chatKey, async () => {
        if (await updates.has(updateId)) return 'duplicate';
        await work();
        await updates.record(updateId);
        return 'applied';
      }),
    prune: (before) => updates.prune(before),
  };
}
