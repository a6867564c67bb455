import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicantRepository } from '../../src/app/ports/applicant-repository.js';
import type { Applicant } from '../../src/domain/applicant.js';
import { UpdateAlreadyApplied } from '../../src/errors.js';
import { createApplicantStore } from '../../src/storage/applicant-store.js';
import { type OpenStore, openStore } from '../../src/storage/open-store.js';
import { appliedOnce, applyingUpdate } from '../../src/webhook/applied-once.js';
import { applicantOf } from '../helpers/applicants.js';

// A typed answer delivered twice (the instance died after storing it, before answering 200) must not also
// answer the next question: the change is stamped with its update, in the same write.
let store: OpenStore;
let applicants: ApplicantRepository;
beforeAll(async () => {
  store = await openStore('sqlite://:memory:');
  applicants = appliedOnce(createApplicantStore(store.keyv, { onCorrupt: () => undefined }));
});
afterAll(() => store.close());

/** An answer typed by the applicant: appends to a list in their answers, so a second application shows. */
const typeAnswer = (userId: number, text: string) =>
  applicants.update(userId, (current) => {
    const record = current ?? applicantOf(userId);
    const typed = String(record.answers.typed ?? '');
    return { record: { ...record, answers: { ...record.answers, typed: `${typed}${text}` } }, result: text };
  });
const typedOf = async (userId: number) => (await applicants.get(userId))?.answers.typed;

describe('changes stamped with the update that made them', () => {
  it('refuses the second application of one update, and takes the next update', async () => {
    await applyingUpdate(1, () => typeAnswer(1, 'a'));
    await expect(applyingUpdate(1, () => typeAnswer(1, 'a'))).rejects.toBeInstanceOf(UpdateAlreadyApplied);
    await applyingUpdate(2, () => typeAnswer(1, 'b'));
    expect(await typedOf(1)).toBe('ab');
  });

  it('lets one update change a record several times, and change several applicants', async () => {
    await applyingUpdate(10, async () => {
      await typeAnswer(2, 'x');
      await typeAnswer(2, 'y');
      await typeAnswer(3, 'z');
    });
    expect([await typedOf(2), await typedOf(3)]).toEqual(['xy', 'z']);
    await expect(applyingUpdate(10, () => typeAnswer(3, 'z'))).rejects.toBeInstanceOf(UpdateAlreadyApplied);
    expect(await typedOf(3)).toBe('z');
  });

  it('changes nothing outside an update (reminders, the console, picture jobs)', async () => {
    await typeAnswer(4, 'p');
    await typeAnswer(4, 'p');
    expect(await typedOf(4)).toBe('pp');
    expect((await applicants.get(4))?.appliedUpdates).toBeUndefined();
  });

  it('remembers the last 32 updates of a record', async () => {
    for (let id = 100; id < 140; id++) await applyingUpdate(id, () => typeAnswer(5, '.'));
    const record = (await applicants.get(5)) as Applicant;
    expect(record.appliedUpdates).toHaveLength(32);
    expect(record.appliedUpdates?.at(-1)).toBe(139);
    await expect(applyingUpdate(139, () => typeAnswer(5, '.'))).rejects.toBeInstanceOf(UpdateAlreadyApplied);
  });
});
