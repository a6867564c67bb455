import type pg from 'pg';
import type { PictureStore } from '../../app/ports/picture-store.js';

/** The same rule as the file store's, so a picture id means the same in both sets. */
const PICTURE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The shared PictureStore: each picture a `bytea` row of `pictures` (they are at most 200,000 bytes), keyed
 * `pg:<user id>/<picture id>.<jpg|png>` with the user id beside it, so an applicant's pictures are deleted
 * together. Only the database's role reads them; see README, "Running on PostgreSQL".
 */
export function createPostgresPictureStore(pool: pg.Pool): PictureStore {
  return {
    async put(userId, pictureId, format, bytes) {
      if (!PICTURE_ID.test(pictureId))
        throw new Error(`picture id "${pictureId}": expected 1 to 64 letters, digits, "-" or "_"`);
      const key = `pg:${userId}/${pictureId}.${format === 'png' ? 'png' : 'jpg'}`;
      await pool.query(
        `INSERT INTO pictures (key, user_id, format, bytes) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO UPDATE SET bytes = excluded.bytes, format = excluded.format, stored_at = now()`,
        [key, userId, format, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)],
      );
      return key;
    },
    async get(key) {
      const { rows } = await pool.query<{ bytes: Buffer }>('SELECT bytes FROM pictures WHERE key = $1', [
        key,
      ]);
      const buffer = rows[0]?.bytes;
      if (!buffer) throw new Error(`no picture is stored under ${key}`);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    },
    async delete(key) {
      await pool.query('DELETE FROM pictures WHERE key = $1', [key]);
    },
    async deleteAll(userId) {
      await pool.query('DELETE FROM pictures WHERE user_id = $1', [userId]);
    },
  };
}
