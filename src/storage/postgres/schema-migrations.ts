import type { Pool } from 'pg';

/** One change of the database's tables, applied once, in version order, in its own transaction. */
export interface SchemaMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * A JSON number at `path` of the record as a numeric, else NULL: a record whose field is missing or of the
 * wrong type still stores (and is then reported as unusable on read), rather than failing the write.
 */
const jsonNumber = (path: string) =>
  `CASE WHEN jsonb_typeof(record #> '{${path}}') = 'number' THEN (record #>> '{${path}}')::numeric END`;

/**
 * The tables of the shared set. Columns a query filters on are generated from the record (`GENERATED …
 * STORED`), so they always agree with it, also for a row written by hand or by another release; times
 * that need a cast (not immutable, so not generatable) are written by the adapter. Add a change as a new
 * entry with the next version; never edit one that has shipped.
 */
export const SCHEMA_MIGRATIONS: readonly SchemaMigration[] = [
  {
    version: 1,
    name: 'applicants, pictures, outbox, reviewer drafts',
    sql: `
      CREATE TABLE applicants (
        user_id bigint PRIMARY KEY,
        record jsonb NOT NULL,
        version numeric GENERATED ALWAYS AS (${jsonNumber('version')}) STORED,
        state text GENERATED ALWAYS AS (record #>> '{dossier,state}') STORED,
        category text GENERATED ALWAYS AS (record #>> '{answers,category}') STORED,
        route text,
        submitted_at timestamptz,
        decided_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX applicants_state ON applicants (state);
      CREATE INDEX applicants_version ON applicants (version);
      CREATE INDEX applicants_category ON applicants (category);
      CREATE INDEX applicants_route ON applicants (route);
      CREATE INDEX applicants_submitted_at ON applicants (submitted_at);
      CREATE INDEX applicants_decided_at ON applicants (decided_at);

      CREATE TABLE pictures (
        key text PRIMARY KEY,
        user_id bigint NOT NULL,
        format text NOT NULL CHECK (format IN ('jpeg', 'png')),
        bytes bytea NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX pictures_user_id ON pictures (user_id);

      CREATE TABLE outbox (
        dedupe_key text PRIMARY KEY,
        record jsonb NOT NULL,
        version numeric GENERATED ALWAYS AS (${jsonNumber('version')}) STORED,
        user_id numeric GENERATED ALWAYS AS (${jsonNumber('userId')}) STORED,
        state text GENERATED ALWAYS AS (record ->> 'state') STORED,
        owner text GENERATED ALWAYS AS (record ->> 'owner') STORED,
        rev numeric GENERATED ALWAYS AS (${jsonNumber('rev')}) STORED,
        created_at text GENERATED ALWAYS AS (record ->> 'createdAt') STORED
      );
      -- Every record ever sent is kept as its dedupe marker; the unfinished ones are found without them.
      CREATE INDEX outbox_unfinished ON outbox (created_at) WHERE state IN ('pending', 'sending');
      CREATE INDEX outbox_user_id ON outbox (user_id);

      CREATE TABLE reviewer_drafts (
        reviewer_id bigint PRIMARY KEY,
        record jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 2,
    name: 'web console: sign-in links, sessions, dossier claims, audit log',
    sql: `
      CREATE TABLE console_sign_in_links (
        token_hash text PRIMARY KEY,
        reviewer_id bigint NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE TABLE console_sessions (
        id_hash text PRIMARY KEY,
        reviewer_id bigint NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE TABLE dossier_claims (
        applicant_id bigint PRIMARY KEY,
        reviewer_id bigint NOT NULL,
        claimed_until timestamptz NOT NULL
      );
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        reviewer_id bigint NOT NULL,
        applicant_id bigint NOT NULL,
        material text,
        from_state text NOT NULL,
        to_state text NOT NULL,
        reason text,
        note text
      );
      CREATE INDEX audit_log_applicant ON audit_log (applicant_id, at, id);
      CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
    `,
  },
  {
    version: 3,
    name: 'processed Telegram updates (webhook mode)',
    sql: `
      CREATE TABLE processed_updates (
        update_id bigint PRIMARY KEY,
        applied_at timestamptz NOT NULL
      );
      CREATE INDEX processed_updates_applied_at ON processed_updates (applied_at);
    `,
  },
  {
    version: 4,
    name: 'outbox across instances: shared send pace, owner leases',
    // Times are epoch milliseconds (bigint): the engine's clock or the database's, see postgres-send-pacer.ts.
    // The grant is a function so that it is one round trip whose statements each see the latest commit.
    sql: `
      CREATE TABLE outbox_pace (
        id smallint PRIMARY KEY CHECK (id = 1),
        next_free_at bigint NOT NULL,
        paused_until bigint NOT NULL
      );
      INSERT INTO outbox_pace (id, next_free_at, paused_until) VALUES (1, 0, 0);
      CREATE TABLE outbox_chat_pace (
        chat_id bigint PRIMARY KEY,
        next_at bigint NOT NULL
      );
      CREATE TABLE outbox_leases (
        owner text PRIMARY KEY,
        expires_at bigint NOT NULL
      );
      CREATE FUNCTION outbox_take_send(p_chat bigint, p_now bigint, p_spacing_ms bigint, p_chat_interval_ms bigint)
      RETURNS TABLE (wait_ms bigint, scope text) LANGUAGE plpgsql AS $fn$
      DECLARE
        pace record;
        t bigint;
        chat_next bigint;
      BEGIN
        SELECT next_free_at, paused_until INTO pace FROM outbox_pace WHERE id = 1 FOR UPDATE;
        -- Read once the lock is held: a grant is never stamped earlier than the one before it.
        t := COALESCE(p_now, floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint);
        IF pace.paused_until > t THEN
          RETURN QUERY SELECT pace.paused_until - t, 'all'::text;
          RETURN;
        END IF;
        IF pace.next_free_at > t THEN
          RETURN QUERY SELECT pace.next_free_at - t, 'all'::text;
          RETURN;
        END IF;
        SELECT next_at INTO chat_next FROM outbox_chat_pace WHERE chat_id = p_chat;
        IF chat_next > t THEN
          RETURN QUERY SELECT chat_next - t, 'chat'::text;
          RETURN;
        END IF;
        UPDATE outbox_pace SET next_free_at = t + p_spacing_ms WHERE id = 1;
        INSERT INTO outbox_chat_pace (chat_id, next_at) VALUES (p_chat, t + p_chat_interval_ms)
          ON CONFLICT (chat_id) DO UPDATE SET next_at = excluded.next_at;
        RETURN QUERY SELECT 0::bigint, 'granted'::text;
      END
      $fn$;
    `,
  },
  {
    version: 5,
    name: "the console's queue: filtered, counted and paged in the database",
    // The queue reads these instead of the whole (TOASTed) record; text comparison of the submission time in
    // code-point order ("C") is the order of ISO 8601 times and the embedded store's.
    sql: `
      ALTER TABLE applicants
        ADD COLUMN target text GENERATED ALWAYS AS (record #>> '{answers,target}') STORED,
        ADD COLUMN submitted text GENERATED ALWAYS AS (record #>> '{dossier,submittedAt}') STORED,
        ADD COLUMN answers jsonb GENERATED ALWAYS AS (record -> 'answers') STORED;
      CREATE INDEX applicants_queue ON applicants (state, version, submitted COLLATE "C" NULLS FIRST, user_id);
    `,
  },
];

/** The advisory lock key migrations are applied under: any fixed bigint, the same in every release. */
const MIGRATION_LOCK = '7885830453004597607';

/**
 * Applies the migrations the database has not had yet, recording each in `schema_migrations`. Instances
 * starting together take turns on a session advisory lock, so each change is applied exactly once; the
 * ones that wait find it done. A database already past this release's last version is left as it is.
 * @throws the database's error when a migration fails; that migration's transaction is rolled back.
 */
export async function migrateSchema(
  pool: Pool,
  migrations: readonly SchemaMigration[] = SCHEMA_MIGRATIONS,
): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const done = new Set(rows.map((row) => row.version));
      const applied: number[] = [];
      for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
        if (done.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
            migration.version,
            migration.name,
          ]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
        applied.push(migration.version);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
