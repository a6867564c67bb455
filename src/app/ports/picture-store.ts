/**
 * The accepted, normalised pictures (at most 200,000 bytes each), by key. Keys are what a dossier records
 * (`DossierPhoto.file`) and start with the applicant's user id, so an applicant's pictures can be removed
 * together. Pictures are identity documents: an adapter keeps them readable by the service only.
 */
export interface PictureStore {
  /** Stores bytes under a new key for this applicant and picture id; returns the key. */
  put(userId: number, pictureId: string, format: 'jpeg' | 'png', bytes: Uint8Array): Promise<string>;
  get(key: string): Promise<Uint8Array>;
  delete(key: string): Promise<void>;
  /** Every picture of one applicant (delete my data). */
  deleteAll(userId: number): Promise<void>;
}
