import type { Clock } from '../domain/clock.js';

/** Sign-in attempts one address may make in SIGN_IN_WINDOW_MS. */
export const SIGN_IN_ATTEMPTS = 10;
export const SIGN_IN_WINDOW_MS = 10 * 60_000;
/** Addresses remembered at most; beyond it the oldest window is forgotten (a flood cannot fill memory). */
const MAX_ADDRESSES = 10_000;

/**
 * Counts sign-in attempts per client address in a fixed window on the injected clock. A link's token has
 * 256 random bits, so guessing is hopeless anyway; the limit keeps a scanner from loading the store.
 */
export function createSignInRateLimit(clock: Clock): { allow(address: string): boolean } {
  const windows = new Map<string, { startMs: number; count: number }>();
  return {
    allow(address) {
      const nowMs = clock.now().getTime();
      let window = windows.get(address);
      if (!window || nowMs - window.startMs >= SIGN_IN_WINDOW_MS) {
        windows.delete(address);
        window = { startMs: nowMs, count: 0 };
        windows.set(address, window);
        if (windows.size > MAX_ADDRESSES) windows.delete(windows.keys().next().value as string);
      }
      window.count += 1;
      return window.count <= SIGN_IN_ATTEMPTS;
    },
  };
}
