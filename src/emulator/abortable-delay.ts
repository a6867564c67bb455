/** Waits `ms`, or rejects with the signal's reason once `signal` aborts. */
export type Delay = (ms: number, signal: AbortSignal) => Promise<void>;

/** The default delay: the global `setTimeout` at the time of the call, so fake timers replace it. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      globalThis.clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = globalThis.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
