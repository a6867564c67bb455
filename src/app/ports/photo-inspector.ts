import type { NormalisedPhotoInfo, PhotoVerdict } from '../../domain/photo/photo-verdict.js';

/** The picture checker as the use-cases need it; the sharp-based one lives in src/images. */
export interface PhotoInspector {
  /** Checks and normalises a picture; `load` is called when a slot is free (downloads wait their turn too). */
  check(
    load: () => Promise<Uint8Array>,
  ): Promise<PhotoVerdict & { output?: NormalisedPhotoInfo & { bytes: Uint8Array } }>;
  /** A perceptual hash of the normalised picture, to refuse the same picture sent twice. */
  hash(bytes: Uint8Array): Promise<string>;
  /** Bits two hashes differ by. */
  distance(a: string, b: string): number;
}
