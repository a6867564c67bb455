import type { AppDeps } from './app-deps.js';

/**
 * Deletes everything kept about an applicant, on their request: the record, every picture, and every
 * notification kept for them, sent or not. Returns whether there was a record.
 */
export async function deleteMyData(
  deps: Pick<AppDeps, 'applicants' | 'pictures' | 'notifier'>,
  userId: number,
): Promise<boolean> {
  const deleted = await deps.applicants.delete(userId);
  await deps.pictures.deleteAll(userId);
  await deps.notifier.forget(userId);
  return deleted;
}
