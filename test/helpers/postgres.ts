import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';
import { isCi } from '../playground/browser-test-plan.js';

/** What a PostgreSQL test does: run, skip (no TEST_POSTGRES_URL here), or fail (CI must have started one). */
export type PostgresTestPlan = 'run' | 'skip' | 'fail';

/**
 * Runs when TEST_POSTGRES_URL names a database. Without it a local run skips, but a CI run fails: `.ci/run`
 * starts a throwaway cluster (.ci/postgres-up.sh), and a suite that skips there would stop guarding the
 * shared set without anyone noticing. The same rule as the browser tests (test/playground/browser-test-plan.ts).
 */
export function planPostgresTest(env: Readonly<Record<string, string | undefined>>): PostgresTestPlan {
  if (env.TEST_POSTGRES_URL?.trim()) return 'run';
  return isCi(env) ? 'fail' : 'skip';
}

/** `describe` for tests against the PostgreSQL at TEST_POSTGRES_URL, following {@link planPostgresTest}. */
export function describeWithPostgres(name: string, body: () => void): void {
  const plan = planPostgresTest(process.env);
  if (plan === 'fail') {
    describe(name, () => {
      it('finds TEST_POSTGRES_URL set', () => {
        throw new Error(
          'TEST_POSTGRES_URL is not set; CI must start PostgreSQL (.ci/run sources .ci/postgres-up.sh)',
        );
      });
    });
    return;
  }
  describe.skipIf(plan === 'skip')(name, body);
}

/** A schema of its own in the test database, reached through `url` (its search_path), dropped by `drop`. */
export interface TestSchema {
  readonly url: string;
  readonly name: string;
  /** A small pool on the schema, to write and read rows past the adapter. */
  readonly admin: pg.Pool;
  drop(): Promise<void>;
}

/**
 * Creates an empty schema in the TEST_POSTGRES_URL database, so that each test starts from empty tables
 * (the adapters' migrations create them there) while test files run side by side.
 */
export async function createTestSchema(base = process.env.TEST_POSTGRES_URL): Promise<TestSchema> {
  if (!base) throw new Error('TEST_POSTGRES_URL is not set');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const url = withSearchPath(base, name);
  const root = new pg.Client({ connectionString: base });
  await root.connect();
  try {
    await root.query(`CREATE SCHEMA ${name}`);
  } finally {
    await root.end();
  }
  const admin = new pg.Pool({ connectionString: url, max: 2 });
  return {
    url,
    name,
    admin,
    async drop() {
      await admin.query(`DROP SCHEMA ${name} CASCADE`);
      await admin.end();
    },
  };
}

function withSearchPath(base: string, schema: string): string {
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}
