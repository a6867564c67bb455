import { once } from 'node:events';
import { Transform, type Writable } from 'node:stream';

/** A pass-through that counts what goes through it: the size of an export as the receiver got it. */
export function createByteCounter(): Transform & { readonly bytes: number } {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  return Object.defineProperty(counter, 'bytes', { get: () => bytes }) as Transform & {
    readonly bytes: number;
  };
}

/**
 * Waits while `stream` holds more than it wants (its receiver is slower than the export), so an export
 * of thousands of pictures never queues them all in memory. Rejects when the stream fails or closes early
 * (the HTTP client went away): the export stops there.
 */
export async function whenWritable(stream: Writable): Promise<void> {
  if (stream.destroyed || stream.writableEnded) throw new Error('the export was closed before it finished');
  if (!stream.writableNeedDrain) return;
  const ac = new AbortController();
  try {
    await Promise.race([
      once(stream, 'drain', { signal: ac.signal }),
      once(stream, 'close', { signal: ac.signal }).then(() => {
        throw new Error('the export was closed before it finished');
      }),
    ]);
  } finally {
    ac.abort();
  }
}
