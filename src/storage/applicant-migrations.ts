import { APPLICANT_VERSION, type Applicant, ApplicantSchema } from '../domain/applicant.js';
import { CorruptRecordError } from '../errors.js';
import type { Migrations } from './store-migrations.js';
import { parseStoredRecord, type StoredRecordKind } from './stored-record.js';

/**
 * How applicant records written by earlier releases are read: one step per version, keyed by the version it
 * starts from, applied by the applicant store before parsing. None yet: every version-1 record ever written
 * still parses, since the fields added since (`dossier.photos`, `inactive`) have defaults. A change old
 * records cannot satisfy raises `APPLICANT_VERSION` and adds its step here, e.g.
 * `1: function migrateV1toV2(record) { … }`, with a test that reads a stored version-1 record.
 */
export const APPLICANT_MIGRATIONS: Migrations = {
  current: APPLICANT_VERSION,
  steps: {},
};

/** How every applicant repository reads a stored applicant back: these steps, then ApplicantSchema. */
export const APPLICANT_RECORD: StoredRecordKind<Applicant> = {
  schema: ApplicantSchema,
  migrations: APPLICANT_MIGRATIONS,
  stepsFile: 'src/storage/applicant-migrations.ts',
};

/** The key of an applicant's record, in either store: `applicant:<user id>`. */
export const applicantKey = (userId: number | string): string => `applicant:${userId}`;

/** A stored applicant, migrated and parsed; also refused when it belongs to another user than its key says. */
export function parseApplicant(key: string, raw: unknown): Applicant | CorruptRecordError {
  const record = parseStoredRecord(key, raw, APPLICANT_RECORD);
  if (record instanceof CorruptRecordError || applicantKey(record.userId) === key) return record;
  return new CorruptRecordError(
    key,
    `the record is of user ${record.userId}, not of the user its key names; restore it from a backup or delete it`,
  );
}
