import { describe, expect, it } from 'vitest';
import { createInProcessPacer } from '../../src/outbox/pacing.js';

const T0 = 1_000_000;

describe('the in-process send pacer (embedded set)', () => {
  it('spreads sends evenly overall and lets one chat have one a second', async () => {
    const pacer = createInProcessPacer({ messagesPerSecond: 25, perChatIntervalMs: 1000 });
    expect(await pacer.take(1, T0)).toEqual({ granted: true });
    expect(await pacer.take(2, T0 + 10)).toEqual({ granted: false, waitMs: 30, scope: 'all' });
    expect(await pacer.take(1, T0 + 40)).toEqual({ granted: false, waitMs: 960, scope: 'chat' });
    expect(await pacer.take(2, T0 + 40)).toEqual({ granted: true });
    expect(await pacer.take(1, T0 + 1000)).toEqual({ granted: true });
  });

  it('holds every chat during a 429 pause, and never shortens a longer one', async () => {
    const pacer = createInProcessPacer({ messagesPerSecond: 25, perChatIntervalMs: 1000 });
    await pacer.pause(3000, T0);
    await pacer.pause(1000, T0);
    expect(await pacer.take(7, T0 + 2000)).toEqual({ granted: false, waitMs: 1000, scope: 'all' });
    expect(await pacer.take(7, T0 + 3000)).toEqual({ granted: true });
  });
});
