import { APPLICANT_VERSION } from '../domain/applicant.js';
import type { Migrations } from './store-migrations.js';

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
