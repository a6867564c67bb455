import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openAdapters } from '../../src/storage/open-adapters.js';
import { createPostgresReviewerDrafts } from '../../src/storage/postgres/postgres-reviewer-drafts.js';
import { openPostgresStore, type PostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { migrateSchema, SCHEMA_MIGRATIONS } from '../../src/storage/postgres/schema-migrations.js';
import type { PendingDecision } from '../../src/storage/reviewer-store.js';
import {
  createTestSchema,
  describeWithPostgres,
  planPostgresTest,
  type TestSchema,
} from '../helpers/postgres.js';

describe('the plan of a PostgreSQL test', () => {
  it.each([
    [{ TEST_POSTGRES_URL: 'postgres://127.0.0.1/t' }, 'run'],
    [{ TEST_POSTGRES_URL: 'postgres://127.0.0.1/t', CI: 'true' }, 'run'],
    [{}, 'skip'],
    [{ CI: 'false' }, 'skip'],
    [{ CI: 'true' }, 'fail'],
    [{ CI: 'true', TEST_POSTGRES_URL: ' ' }, 'fail'],
  ])('given %j is to %s', (env, plan) => {
    expect(planPostgresTest(env)).toBe(plan);
  });
});

describeWithPostgres('the PostgreSQL store', () => {
  const schemas: TestSchema[] = [];
  const stores: PostgresStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await Promise.all(schemas.splice(0).map((s) => s.drop()));
  });
  const fresh = async () => {
    const schema = await createTestSchema();
    schemas.push(schema);
    return schema;
  };

  it('applies each migration once when four instances start together', async () => {
    const schema = await fresh();
    const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: schema.url, max: 1 }));
    try {
      const applied = await Promise.all(pools.map((pool) => migrateSchema(pool)));
      expect(applied.flat()).toEqual(SCHEMA_MIGRATIONS.map((m) => m.version));
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
    const { rows } = await schema.admin.query('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(SCHEMA_MIGRATIONS.map((m) => m.version));
  });

  it('applies a later migration to a database already migrated, and only that one', async () => {
    const schema = await fresh();
    stores.push(await openPostgresStore(schema.url, { poolSize: 1 }));
    const next = { version: 999, name: 'a test column', sql: 'ALTER TABLE pictures ADD COLUMN note text' };
    const pool = new pg.Pool({ connectionString: schema.url, max: 1 });
    try {
      expect(await migrateSchema(pool, [...SCHEMA_MIGRATIONS, next])).toEqual([999]);
    } finally {
      await pool.end();
    }
  });

  it('builds the shared set for a postgres:// STORE_URL and the embedded one for a sqlite:// one', async () => {
    const schema = await fresh();
    const dataDir = mkdtempSync(join(tmpdir(), 'nmle-adapters-'));
    const onCorrupt = () => {};
    const shared = await openAdapters({ storeUrl: schema.url, dataDir, pgPoolSize: 2 }, { onCorrupt });
    const embedded = await openAdapters(
      { storeUrl: `sqlite://${join(dataDir, 'nmle.sqlite')}`, dataDir, pgPoolSize: 2 },
      { onCorrupt },
    );
    try {
      expect([shared.kind, embedded.kind]).toEqual(['shared', 'embedded']);
      expect(await shared.pictures.put(7, 'a1', 'jpeg', Uint8Array.of(1))).toBe('pg:7/a1.jpg');
      const { rows } = await schema.admin.query('SELECT count(*)::int AS n FROM pictures');
      expect(rows[0]?.n).toBe(1);
    } finally {
      await shared.close();
      await embedded.close();
    }
  });

  it('refuses to open an unreachable database, naming why', async () => {
    const url = 'postgres://nobody@127.0.0.1:1/none';
    await expect(openPostgresStore(url, { poolSize: 1 })).rejects.toThrow(/ECONNREFUSED/);
  });

  it("keeps a reviewer's draft across instances and changes it as a unit", async () => {
    const schema = await fresh();
    stores.push(await openPostgresStore(schema.url, { poolSize: 2 }));
    stores.push(await openPostgresStore(schema.url, { poolSize: 2 }));
    const [a, b] = stores.map((s) => createPostgresReviewerDrafts(s.pool));
    if (!a || !b) throw new Error('not opened');
    const draft: PendingDecision = { kind: 'return', applicantId: 7, stamp: 's1', materials: [] };
    await a.setPending(9, () => draft);
    expect(await b.pending(9)).toEqual(draft);
    const mark = (drafts: typeof a, material: string) =>
      drafts.setPending(
        9,
        (current) => current && { ...current, materials: [...current.materials, material] },
      );
    await Promise.all(['m1', 'm2', 'm3', 'm4'].map((m, i) => mark(i % 2 ? a : b, m)));
    expect((await a.pending(9))?.materials.sort()).toEqual(['m1', 'm2', 'm3', 'm4']);
    await b.setPending(9, () => undefined);
    expect(await a.pending(9)).toBeUndefined();
  });

  it('refuses a reviewer record it cannot use, and keeps it', async () => {
    const schema = await fresh();
    stores.push(await openPostgresStore(schema.url, { poolSize: 1 }));
    const drafts = createPostgresReviewerDrafts(stores[0]?.pool ?? schema.admin);
    await schema.admin.query(`INSERT INTO reviewer_drafts (reviewer_id, record) VALUES (9, '{"version":2}')`);
    await expect(drafts.pending(9)).rejects.toThrow(/reviewer:9: the record is version 2/);
    await expect(drafts.setPending(9, () => undefined)).rejects.toThrow(/reviewer:9/);
    const { rows } = await schema.admin.query('SELECT record FROM reviewer_drafts WHERE reviewer_id = 9');
    expect(rows[0]?.record).toEqual({ version: 2 });
  });
});
