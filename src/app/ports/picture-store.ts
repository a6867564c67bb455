/**
 * The accepted, normalised pictures (at most 200,000 bytes each), by key. A key is what `put` hands back and
 * a dossier records (`DossierPhoto.file`); callers treat it as opaque. Each adapter makes its keys from the
 * applicant's user id, so an applicant's pictures can be removed together. Pictures are identity documents:
 * an adapter keeps them readable by the service only.
 */
export interface PictureStore {
  /**
   * Stores bytes under the key of this applicant and picture id (a second put of one id replaces the
   * bytes); returns the key.
   * @throws Error when the picture id is not 1 to 64 letters, digits, `-` or `_`.
   */
  put(userId: number, pictureId: string, format: 'jpeg' | 'png', bytes: Uint8Array): Promise<string>;
  /** The bytes stored under a key. @throws Error when nothing is stored under it. */
  get(key: string): Promise<Uint8Array>;
  /** Removes a picture; removing one that is not there is not an error. */
  delete(key: string): Promise<void>;
  /** Every picture of one applicant (delete my data), and nobody else's. */
  deleteAll(userId: number): Promise<void>;
}
