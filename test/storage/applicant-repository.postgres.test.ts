import { afterEach, expect, it } from 'vitest';
import { newApplicant } from '../../src/domain/applicant.js';
import type { DossierState } from '../../src/domain/dossier.js';
import { createPostgresApplicantRepository } from '../../src/storage/postgres/postgres-applicant-repository.js';
import { openPostgresStore, type PostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { withReadCache } from '../../src/storage/update-read-cache.js';
import { describeApplicantRepositoryContract } from '../contracts/applicant-repository.contract.js';
import { createTestSchema, describeWithPostgres, type TestSchema } from '../helpers/postgres.js';

describeWithPostgres('the applicant repository on PostgreSQL', () => {
  describeApplicantRepositoryContract('PostgreSQL (shared)', async (onCorrupt) => {
    const schema = await createTestSchema();
    const store = await openPostgresStore(schema.url, { poolSize: 4 });
    return {
      repository: createPostgresApplicantRepository(store.pool, { onCorrupt }),
      async writeRaw(userId, json) {
        await schema.admin.query(
          `INSERT INTO applicants (user_id, record) VALUES ($1, $2::jsonb)
           ON CONFLICT (user_id) DO UPDATE SET record = excluded.record`,
          [userId, json],
        );
      },
      async readRaw(userId) {
        const { rows } = await schema.admin.query('SELECT record FROM applicants WHERE user_id = $1', [
          userId,
        ]);
        return rows[0]?.record;
      },
      async close() {
        await store.close();
        await schema.drop();
      },
    };
  });

  const schemas: TestSchema[] = [];
  const stores: PostgresStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await Promise.all(schemas.splice(0).map((s) => s.drop()));
  });
  /** A fresh schema and `processes` stores on it, each with its own pool as separate processes would have. */
  const open = async (processes: number) => {
    const schema = await createTestSchema();
    schemas.push(schema);
    for (let i = 0; i < processes; i++) stores.push(await openPostgresStore(schema.url, { poolSize: 3 }));
    return { schema, opened: stores.slice(-processes) };
  };
  const applicantIn = (userId: number, state: DossierState) => {
    const base = newApplicant({ userId, chatId: userId, lang: 'zh', flowId: 'test', now: new Date(0) });
    return { ...base, dossier: { ...base.dossier, state } };
  };

  it('lets changes of one applicant made by two processes at once all take effect', async () => {
    const { opened } = await open(2);
    const [a, b] = opened.map((s) => createPostgresApplicantRepository(s.pool, { onCorrupt: () => {} }));
    if (!a || !b) throw new Error('not opened');
    // Each applicant is created by both at once (no row to lock yet), then changed 20 times across the two.
    const answer = (repository: typeof a, userId: number, i: number) =>
      repository.update(userId, (current) => {
        const base = current ?? applicantIn(userId, 'draft');
        return { record: { ...base, answers: { ...base.answers, [`f${i}`]: i } }, result: null };
      });
    const users = [5, 6, 7, 8, 9];
    await Promise.all(
      users.flatMap((userId) => Array.from({ length: 20 }, (_, i) => answer(i % 2 === 0 ? a : b, userId, i))),
    );
    for (const userId of users) expect(Object.keys((await a.get(userId))?.answers ?? {})).toHaveLength(20);
  });

  it("reads an applicant once per update, yet never writes over another process's change made meanwhile", async () => {
    const { schema, opened } = await open(2);
    const [a, b] = opened.map((s) => createPostgresApplicantRepository(s.pool, { onCorrupt: () => {} }));
    if (!a || !b) throw new Error('not opened');
    await a.update(40, () => ({ record: applicantIn(40, 'draft'), result: null }));
    const reads: string[] = [];
    await withReadCache(async () => {
      const first = await a.get(40);
      // Another instance (the console) changes the record after this update read it.
      await schema.admin.query(
        `UPDATE applicants SET record = jsonb_set(record, '{answers}', '{"fromConsole": 1}') WHERE user_id = 40`,
      );
      const second = await a.get(40);
      reads.push(JSON.stringify(first?.answers), JSON.stringify(second?.answers));
      // The update's own change starts from what it read, finds the row changed, and applies to the new one.
      await a.update(40, (current) => ({
        record: { ...(current ?? applicantIn(40, 'draft')), answers: { ...current?.answers, fromBot: 2 } },
        result: null,
      }));
    });
    // Within the update the second read came from its cache (the same answers as the first)…
    expect(reads[0]).toBe(reads[1]);
    // …but its write did not undo the other process's change.
    expect((await b.get(40))?.answers).toEqual({ fromConsole: 1, fromBot: 2 });
    // Outside an update every read goes to the database.
    expect((await a.get(40))?.answers).toEqual({ fromConsole: 1, fromBot: 2 });
  });

  it('writes applicants changed at the same time together, each with its columns; a record refused fails alone', async () => {
    const { schema, opened } = await open(1);
    const pool = opened[0]?.pool ?? schema.admin;
    const routed = createPostgresApplicantRepository(pool, { onCorrupt: () => {}, routeOf: () => 'nurse' });
    const users = Array.from({ length: 12 }, (_, i) => 600 + i);
    // 606 typed a NUL character, which PostgreSQL's jsonb cannot hold: the writes sent with its fail with it.
    const typed = (userId: number) => (userId === 606 ? 'bad\u0000answer' : `answer ${userId}`);
    const created = await Promise.allSettled(
      users.map((userId) =>
        routed.update(userId, () => ({
          record: {
            ...applicantIn(userId, 'submitted'),
            answers: { note: typed(userId) },
            dossier: { state: 'submitted' as const, photos: [], submittedAt: '2020-03-25T02:00:00.000Z' },
          },
          result: userId,
        })),
      ),
    );
    expect(created.filter((c) => c.status === 'rejected')).toHaveLength(1);
    expect(created[6]).toMatchObject({
      status: 'rejected',
      reason: { message: expect.stringMatching(/Unicode/) },
    });

    // Changed again at once by a process without the flow: records and decision times written, routes kept.
    const flagOnly = createPostgresApplicantRepository(pool, { onCorrupt: () => {} });
    const stored = users.filter((userId) => userId !== 606);
    await Promise.all(
      stored.map((userId) =>
        flagOnly.update(userId, (current) => ({
          record: {
            ...(current ?? applicantIn(userId, 'draft')),
            dossier: {
              ...(current ?? applicantIn(userId, 'draft')).dossier,
              state: 'approved' as const,
              approvedAt: `2020-03-26T03:00:${String(userId % 60).padStart(2, '0')}.000Z`,
            },
          },
          result: null,
        })),
      ),
    );
    const { rows } = await schema.admin.query(
      `SELECT user_id::int, state, route, record #>> '{answers,note}' AS note, submitted_at, decided_at
       FROM applicants ORDER BY user_id`,
    );
    expect(rows).toEqual(
      stored.map((userId) => ({
        user_id: userId,
        state: 'approved',
        route: 'nurse',
        note: `answer ${userId}`,
        submitted_at: new Date('2020-03-25T02:00:00.000Z'),
        decided_at: new Date(`2020-03-26T03:00:${String(userId % 60).padStart(2, '0')}.000Z`),
      })),
    );
  });

  it('keeps the indexed columns in step with the record', async () => {
    const { schema, opened } = await open(1);
    const repository = createPostgresApplicantRepository(opened[0]?.pool ?? schema.admin, {
      onCorrupt: () => {},
      routeOf: () => 'physician-bachelor',
    });
    const submitted = {
      ...applicantIn(3, 'submitted'),
      answers: { category: 'tcm' },
      dossier: { state: 'submitted' as const, photos: [], submittedAt: '2020-03-25T02:00:00.000Z' },
    };
    await repository.update(3, () => ({ record: submitted, result: null }));
    const { rows } = await schema.admin.query(
      `SELECT version::int, state, category, route, submitted_at, decided_at FROM applicants WHERE user_id = 3`,
    );
    expect(rows).toEqual([
      {
        version: 1,
        state: 'submitted',
        category: 'tcm',
        route: 'physician-bachelor',
        submitted_at: new Date('2020-03-25T02:00:00.000Z'),
        decided_at: null,
      },
    ]);

    // A process without the flow (a command flagging a record) keeps the stored route; an approval its time.
    const flagOnly = createPostgresApplicantRepository(opened[0]?.pool ?? schema.admin, {
      onCorrupt: () => {},
    });
    const approved = {
      ...submitted,
      inactive: true,
      dossier: { ...submitted.dossier, state: 'approved' as const, approvedAt: '2020-03-26T03:00:00.000Z' },
    };
    await flagOnly.update(3, () => ({ record: approved, result: null }));
    const after = await schema.admin.query(`SELECT route, decided_at FROM applicants WHERE user_id = 3`);
    expect(after.rows).toEqual([
      { route: 'physician-bachelor', decided_at: new Date('2020-03-26T03:00:00.000Z') },
    ]);
  });
});
