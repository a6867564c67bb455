import { Writable } from 'node:stream';

/** A Writable that keeps what it receives; `log` gets one line per chunk, to order it against other events. */
export function collectingStream(log?: string[]): Writable & { bytes(): Buffer } {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      log?.push('out');
      callback();
    },
  });
  return Object.assign(sink, { bytes: () => Buffer.concat(chunks) });
}

/**
 * A receiver that takes nothing until `release` is called, as a slow HTTP client would: each write is held
 * (its callback not called), and it holds at most one chunk before it asks the writer to wait.
 */
export function stalledStream(): Writable & { bytes(): Buffer; release(): void } {
  const chunks: Buffer[] = [];
  let held: (() => void)[] | undefined = [];
  const sink = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      if (held) held.push(() => callback());
      else callback();
    },
  });
  return Object.assign(sink, {
    bytes: () => Buffer.concat(chunks),
    release: () => {
      const waiting = held ?? [];
      held = undefined;
      for (const done of waiting) done();
    },
  });
}

/** Lets every callback already queued run (event-loop turns, not time). */
export async function settle(turns = 50): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}
