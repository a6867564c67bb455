/** Cancels a timer; harmless once it has fired or been cancelled. */
export type CancelTimer = () => void;

/**
 * Calls `callback` once after `delayMs`, or every `delayMs` with `repeat`; returns its cancel. An `unref` timer
 * does not keep the process alive. Every wait of the outbox goes through one, so that tests can move time
 * by hand (test/helpers/manual-clock.ts).
 */
export type SetTimer = (
  callback: () => void,
  delayMs: number,
  options?: { readonly repeat?: boolean; readonly unref?: boolean },
) => CancelTimer;

/** `SetTimer` on Node's timers. */
export const systemTimer: SetTimer = (callback, delayMs, { repeat = false, unref = false } = {}) => {
  const timer = repeat ? setInterval(callback, delayMs) : setTimeout(callback, delayMs);
  if (unref) timer.unref();
  return () => (repeat ? clearInterval(timer) : clearTimeout(timer));
};
