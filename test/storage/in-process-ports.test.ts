import { describe, expect, it } from 'vitest';
import type { PictureJob, PictureJobRun } from '../../src/app/ports/work-queue.js';
import { createInProcessLeaderLock } from '../../src/storage/in-process-leader-lock.js';
import { createInProcessWorkQueue } from '../../src/storage/in-process-work-queue.js';
import { createKeyLock } from '../../src/storage/key-lock.js';

/** A promise to settle by hand, so that tests order work without waiting on time. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** A picture job of `chatId`, told apart by its update id. */
function jobOf(chatId: number, updateId: number): PictureJob {
  return {
    updateId,
    userId: chatId,
    chatId,
    materialId: 'photo',
    fileId: `file-${updateId}`,
    fileUniqueId: `unique-${updateId}`,
  };
}

describe('the in-process work queue', () => {
  it("runs one chat's jobs in order and other chats' beside them, each once and as a final attempt, and drains", async () => {
    const queue = createInProcessWorkQueue(() => undefined);
    const first = gate();
    const ran: string[] = [];
    const runs: PictureJobRun[] = [];
    queue.process(async (job, run) => {
      runs.push(run);
      if (job.updateId === 1) await first.opened;
      ran.push(`${job.chatId}:${job.updateId}`);
    });
    await queue.push(jobOf(1, 1));
    await queue.push(jobOf(1, 2));
    await queue.push(jobOf(2, 3));
    const drained = queue.drain();
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toEqual(['2:3']);
    expect(queue.pending).toBe(2);
    first.open();
    await drained;
    expect(ran).toEqual(['2:3', '1:1', '1:2']);
    expect(queue.pending).toBe(0);
    expect(runs).toEqual([{ finalAttempt: true }, { finalAttempt: true }, { finalAttempt: true }]);
  });

  it("hands a failed job's error over and runs the chat's next job", async () => {
    const errors: unknown[] = [];
    const queue = createInProcessWorkQueue((error) => errors.push(error));
    const ran: number[] = [];
    queue.process(async (job) => {
      if (job.updateId === 1) throw new Error('boom');
      ran.push(job.updateId);
    });
    await queue.push(jobOf(1, 1));
    await queue.push(jobOf(1, 2));
    await queue.drain();
    expect([errors.map((e) => (e as Error).message), ran]).toEqual([['boom'], [2]]);
  });

  it('settles a chat once the jobs it had queued are done', async () => {
    const queue = createInProcessWorkQueue(() => undefined);
    const first = gate();
    const ran: number[] = [];
    queue.process(async (job) => {
      await first.opened;
      ran.push(job.updateId);
    });
    await queue.push(jobOf(1, 1));
    const settled = queue.settled(1).then(() => [...ran]);
    first.open();
    expect(await settled).toEqual([1]);
  });
});

describe('the in-process leader lock', () => {
  it('runs a pass and skips another of the same name while it runs', async () => {
    const lock = createInProcessLeaderLock();
    const running = gate();
    const first = lock.runExclusive('reminders', async () => {
      await running.opened;
      return 'first';
    });
    expect(await lock.runExclusive('reminders', async () => 'second')).toBeUndefined();
    expect(await lock.runExclusive('other', async () => 'other')).toBe('other');
    running.open();
    expect(await first).toBe('first');
    expect(await lock.runExclusive('reminders', async () => 'third')).toBe('third');
  });

  it('lets the next pass run after one that threw', async () => {
    const lock = createInProcessLeaderLock();
    await expect(lock.runExclusive('reminders', () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(await lock.runExclusive('reminders', async () => 'again')).toBe('again');
  });
});

describe('the in-process key lock', () => {
  it('runs work of one key one at a time, in arrival order, and forgets an idle key', async () => {
    const lock = createKeyLock();
    const first = gate();
    const ran: string[] = [];
    const a = lock.run('k', async () => {
      await first.opened;
      ran.push('a');
    });
    const b = lock.run('k', async () => {
      ran.push('b');
    });
    const other = lock.run('other', async () => {
      ran.push('other');
    });
    await other;
    expect(ran).toEqual(['other']);
    first.open();
    await Promise.all([a, b]);
    expect(ran).toEqual(['other', 'a', 'b']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lock.size).toBe(0);
  });
});
