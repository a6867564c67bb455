import { beforeAll, describe, expect, it } from 'vitest';
import { addPicture, type IncomingPicture } from '../../src/app/add-picture.js';
import { replacePicture } from '../../src/app/change-pictures.js';
import type { Applicant } from '../../src/domain/applicant.js';
import type { Flow } from '../../src/domain/flow.js';
import { loadCurrentFlow } from '../helpers/flow.js';
import { completeApplicant, fakeInspector, memoryDeps, picture, USER } from './use-case-fixtures.js';

let flow: Flow;
beforeAll(async () => {
  flow = await loadCurrentFlow();
});

let sent = 0;
/** A picture as it arrives; `first` 0 makes the fake checker find it blurred. */
function incoming(first = 1, bytes?: Uint8Array): IncomingPicture {
  sent += 1;
  const data = bytes ?? new Uint8Array([first, sent, 7, 7]);
  return { pictureId: `n${sent}`, fileId: `tg${sent}`, fileUniqueId: `tgu${sent}`, load: async () => data };
}

const withPhotos = (applicant: Applicant, ids: string[]): Applicant => ({
  ...applicant,
  dossier: { ...applicant.dossier, photos: ids.map((id) => picture(id)) },
});

describe('adding a picture', () => {
  const cases: {
    name: string;
    applicant: () => Applicant[];
    material: string;
    first?: number;
    outcome: string;
    reason?: string;
    count?: number;
  }[] = [
    {
      name: 'counts an accepted picture for its material',
      applicant: () => [withPhotos(completeApplicant(flow), [])],
      material: 'identity',
      outcome: 'accepted',
      count: 1,
    },
    {
      name: 'stores nothing of a picture the checker refuses',
      applicant: () => [withPhotos(completeApplicant(flow), [])],
      material: 'identity',
      first: 0,
      outcome: 'rejected',
    },
    {
      name: 'refuses a fourth picture of the ID card, storing nothing',
      applicant: () => [withPhotos(completeApplicant(flow), ['identity', 'identity', 'identity'])],
      material: 'identity',
      outcome: 'refused',
      reason: 'full',
    },
    {
      name: 'refuses a picture once the dossier is submitted',
      applicant: () => [completeApplicant(flow, { state: 'submitted' })],
      material: 'diploma',
      outcome: 'refused',
      reason: 'locked',
    },
    {
      name: 'refuses a material that is not on the checklist',
      applicant: () => [withPhotos(completeApplicant(flow), [])],
      material: 'village_doctor_certificate',
      outcome: 'refused',
      reason: 'not_in_checklist',
    },
    {
      name: 'refuses a picture for an applicant it does not know',
      applicant: () => [],
      material: 'identity',
      outcome: 'refused',
      reason: 'gone',
    },
  ];

  it.each(cases)('$name', async ({ applicant, material, first = 1, outcome, reason, count }) => {
    const deps = { ...memoryDeps(flow, applicant()), inspector: fakeInspector() };
    const before = (await deps.applicants.get(USER))?.dossier.photos.length;
    const result = await addPicture(deps, USER, material, incoming(first));
    expect(result.kind).toBe(outcome);
    if (reason) expect(result.kind === 'refused' && result.reason).toBe(reason);
    if (count) expect(result.kind === 'accepted' && result.count).toBe(count);
    const stored = outcome === 'accepted' ? 1 : 0;
    expect(deps.pictures.bytes.size).toBe(stored);
    expect((await deps.applicants.get(USER))?.dossier.photos.length).toBe(
      before === undefined ? undefined : before + stored,
    );
  });

  it('refuses the same picture sent twice, keeping one stored copy', async () => {
    const deps = {
      ...memoryDeps(flow, [withPhotos(completeApplicant(flow), [])]),
      inspector: fakeInspector(),
    };
    const bytes = new Uint8Array([1, 2, 3]);
    expect((await addPicture(deps, USER, 'identity', incoming(1, bytes))).kind).toBe('accepted');
    const again = await addPicture(deps, USER, 'identity', incoming(1, bytes));
    expect(again.kind === 'refused' && again.reason).toBe('duplicate');
    expect(deps.pictures.bytes.size).toBe(1);
  });

  it('counts each picture of an album arriving at once exactly once', async () => {
    const deps = {
      ...memoryDeps(flow, [withPhotos(completeApplicant(flow), [])]),
      inspector: fakeInspector(),
    };
    const results = await Promise.all([1, 2, 3, 4].map(() => addPicture(deps, USER, 'identity', incoming())));
    expect(results.map((r) => r.kind).sort()).toEqual(['accepted', 'accepted', 'accepted', 'refused']);
    expect(deps.pictures.bytes.size).toBe(3);
    expect((await deps.applicants.get(USER))?.dossier.photos).toHaveLength(3);
  });

  it('leads on to the next material short of pictures when one becomes full', async () => {
    const deps = {
      ...memoryDeps(flow, [withPhotos(completeApplicant(flow), ['identity', 'identity'])]),
      inspector: fakeInspector(),
    };
    const result = await addPicture(deps, USER, 'identity', incoming());
    expect(result.kind === 'accepted' && result.next?.id).toBe('diploma');
  });

  it('replaces a picture in its place and deletes the old bytes once the successor is accepted', async () => {
    const start = withPhotos(completeApplicant(flow), ['identity', 'identity', 'identity']);
    const deps = { ...memoryDeps(flow, [start]), inspector: fakeInspector() };
    const old = start.dossier.photos[1];
    await deps.pictures.put(USER, old?.id ?? '', 'jpeg', new Uint8Array([9]));
    expect((await replacePicture(deps, USER, old?.id ?? '')).ok).toBe(true);
    expect((await addPicture(deps, USER, 'identity', incoming(0))).kind).toBe('rejected');
    expect((await deps.applicants.get(USER))?.dossier.photos[1]?.id).toBe(old?.id);
    const result = await addPicture(deps, USER, 'identity', incoming());
    expect(result).toMatchObject({ kind: 'accepted', count: 3, position: 2, replaced: { id: old?.id } });
    expect(deps.pictures.bytes.has(old?.file ?? '')).toBe(false);
  });
});
