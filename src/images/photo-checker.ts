import { DEFAULT_PHOTO_RULES, type PhotoRules } from '../domain/photo/photo-rules.js';
import { type CheckPhotoOptions, checkPhoto, type PhotoCheck } from './check-photo.js';
import { createConcurrencyLimit } from './limit-concurrency.js';
import { photoHash } from './photo-hash.js';

/** The bytes of a photo, or a way to fetch them once a slot is free (a download, a file read). */
export type PhotoSource = Uint8Array | (() => Promise<Uint8Array>);

/** A queue in front of checkPhoto for callers with many photos at once (a bot, a batch CLI run). */
export interface PhotoChecker {
  readonly rules: PhotoRules;
  check(source: PhotoSource, options?: CheckPhotoOptions): Promise<PhotoCheck>;
  /** photoHash through the same queue. */
  hash(source: PhotoSource): Promise<string>;
  /** Photos being processed now, and waiting. */
  readonly active: number;
  readonly queued: number;
}

export interface PhotoCheckerOptions {
  readonly rules?: PhotoRules;
  /**
   * Photos in flight at once (default 2, one per core on the machines we run on). Each holds its decoded
   * pixels, 4–6 MB at the output size, plus libvips's working memory and, while it is measured, its encode.
   */
  readonly concurrency?: number;
}

/**
 * Builds a checker that never decodes more than `concurrency` photos at a time. A source given as a function
 * is only called once the photo's turn comes, so queued photos need not even be downloaded yet.
 */
export function createPhotoChecker(options: PhotoCheckerOptions = {}): PhotoChecker {
  const rules = options.rules ?? DEFAULT_PHOTO_RULES;
  const limit = createConcurrencyLimit(options.concurrency ?? 2);
  const load = (source: PhotoSource) => (typeof source === 'function' ? source() : Promise.resolve(source));
  return {
    rules,
    check: (source, checkOptions) => limit(async () => checkPhoto(await load(source), rules, checkOptions)),
    hash: (source) =>
      limit(async () => photoHash(await load(source), { maxInputPixels: rules.maxInputPixels })),
    get active() {
      return limit.active;
    },
    get queued() {
      return limit.queued;
    },
  };
}
