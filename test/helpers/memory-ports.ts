import type { ApplicantRepository } from '../../src/app/ports/applicant-repository.js';
import type { PictureStore } from '../../src/app/ports/picture-store.js';
import type { PendingDecision, ReviewerDrafts } from '../../src/app/ports/reviewer-drafts.js';
import type { Applicant } from '../../src/domain/applicant.js';
import type { Notification, Notifier } from '../../src/domain/notifier.js';

/**
 * Ports kept in memory, for use-case tests that need no database or files. Changes run one at a time per
 * applicant, as the contract asks; records are copied in and out, as a store would.
 */
export function memoryApplicants(initial: readonly Applicant[] = []): ApplicantRepository & {
  readonly records: Map<number, Applicant>;
} {
  const records = new Map(initial.map((a) => [a.userId, structuredClone(a)]));
  const tails = new Map<number, Promise<unknown>>();
  const copy = (a: Applicant | undefined) => (a ? structuredClone(a) : undefined);
  return {
    records,
    get: async (userId) => copy(records.get(userId)),
    update(userId, change) {
      const run = (tails.get(userId) ?? Promise.resolve()).then(() => {
        const { record, result } = change(copy(records.get(userId)));
        if (record) records.set(userId, structuredClone(record));
        return result;
      });
      tails.set(
        userId,
        run.catch(() => undefined),
      );
      return run;
    },
    delete: async (userId) => records.delete(userId),
    listByState: async (states) =>
      [...records.values()].filter((a) => states.includes(a.dossier.state)).map((a) => structuredClone(a)),
    all: async () => [...records.values()].map((a) => structuredClone(a)),
  };
}

export function memoryPictures(): PictureStore & { readonly bytes: Map<string, Uint8Array> } {
  const bytes = new Map<string, Uint8Array>();
  return {
    bytes,
    async put(userId, pictureId, format, data) {
      const key = `photos/${userId}/${pictureId}.${format === 'png' ? 'png' : 'jpg'}`;
      bytes.set(key, data);
      return key;
    },
    async get(key) {
      const data = bytes.get(key);
      if (!data) throw new Error(`no picture ${key}`);
      return data;
    },
    async delete(key) {
      bytes.delete(key);
    },
    async deleteAll(userId) {
      for (const key of [...bytes.keys()]) if (key.startsWith(`photos/${userId}/`)) bytes.delete(key);
    },
  };
}

/** A notifier that keeps what it was given, once per dedupe key, as the outbox does. */
export function memoryNotifier(): Notifier & { readonly sent: Notification[] } {
  const sent: Notification[] = [];
  return {
    sent,
    async notify(notification) {
      if (!sent.some((n) => n.dedupeKey === notification.dedupeKey)) sent.push(notification);
    },
    async forget(userId) {
      sent.splice(0, sent.length, ...sent.filter((n) => n.userId !== userId));
    },
  };
}

/** Reviewers' decisions in progress, in memory. */
export function memoryReviewerDrafts(): ReviewerDrafts {
  const drafts = new Map<number, PendingDecision>();
  return {
    pending: async (id) => drafts.get(id),
    async setPending(id, change) {
      const next = change(drafts.get(id));
      if (next) drafts.set(id, next);
      else drafts.delete(id);
      return next;
    },
  };
}
