import { describe, expect, it } from 'vitest';
import type { ChecklistMaterial } from '../../src/domain/checklist.js';
import {
  addPhoto,
  DOSSIER_STATES,
  type Dossier,
  type DossierEvent,
  type DossierPhoto,
  type DossierState,
  EMPTY_DOSSIER,
  isEditable,
  missingMaterials,
  nextMaterialToUpload,
  redoNotDone,
  redoPending,
  removePhoto,
  startReplacing,
  transition,
} from '../../src/domain/dossier.js';

const AT = '2020-03-25T01:00:00.000Z';
const EVENTS: Record<DossierEvent['type'], DossierEvent> = {
  submit: { type: 'submit', at: AT },
  return: { type: 'return', at: AT, feedback: '身份证反面模糊', materials: ['identity'] },
  approve: { type: 'approve', at: AT },
  reject: { type: 'reject', at: AT, reason: '学历不符' },
};
const ALLOWED: Record<string, DossierState> = {
  'draft submit': 'submitted',
  'returned submit': 'submitted',
  'submitted return': 'returned',
  'submitted approve': 'approved',
  'submitted reject': 'rejected',
};

const identity: ChecklistMaterial = {
  id: 'identity',
  title: { zh: '有效身份证明', en: 'ID' },
  copies: 1,
  photos: { min: 3, max: 3 },
  shots: [],
};
const diploma: ChecklistMaterial = { ...identity, id: 'diploma', photos: { min: 1, max: 2 } };

let n = 0;
/** Hashes of different pictures: spread far apart in Hamming distance. */
const spread = (i: number) =>
  ((BigInt(i) * 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn).toString(16).padStart(16, '0').repeat(16);
function photo(materialId: string, hash = spread(++n)): DossierPhoto {
  return {
    id: `p${n}`,
    materialId,
    fileId: `file-${n}`,
    fileUniqueId: `unique-${n}`,
    hash,
    file: `photos/1/p${n}.jpg`,
    format: 'jpeg',
    bytes: 1000,
    width: 1600,
    height: 1200,
    addedAt: AT,
  };
}
const hamming = (a: string, b: string) => {
  let bits = 0;
  for (let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`); x > 0n; x >>= 1n) bits += Number(x & 1n);
  return bits;
};

describe('the dossier state machine', () => {
  for (const state of DOSSIER_STATES) {
    for (const event of Object.values(EVENTS)) {
      const to = ALLOWED[`${state} ${event.type}`];
      it(`${to ? 'allows' : 'refuses'} ${event.type} from ${state}${to ? ` → ${to}` : ''}`, () => {
        const result = transition({ ...EMPTY_DOSSIER, state }, event);
        if (to) expect(result).toMatchObject({ ok: true, dossier: { state: to } });
        else expect(result).toEqual({ ok: false, reason: 'not_allowed', from: state });
      });
    }
  }

  it('keeps the time of an approval, for the roster', () => {
    const result = transition({ ...EMPTY_DOSSIER, state: 'submitted' }, EVENTS.approve);
    expect(result.ok && result.dossier.approvedAt).toBe(AT);
  });

  it('keeps the feedback and the materials to redo on return', () => {
    const result = transition({ ...EMPTY_DOSSIER, state: 'submitted' }, EVENTS.return);
    expect(result.ok && result.dossier.feedback).toEqual({
      text: '身份证反面模糊',
      materials: ['identity'],
      at: AT,
    });
  });

  it.each([
    ['draft', true],
    ['returned', true],
    ['submitted', false],
    ['approved', false],
    ['rejected', false],
  ] as const)('lets the applicant change photos when %s: %s', (state, editable) => {
    expect(isEditable(state)).toBe(editable);
  });
});

describe('pictures of a material', () => {
  it('counts up to the maximum, then refuses a fourth picture of the ID card', () => {
    let dossier: Dossier = EMPTY_DOSSIER;
    for (const expected of [1, 2, 3]) {
      const result = addPhoto(dossier, identity, photo('identity'), hamming);
      expect(result).toMatchObject({ ok: true, count: expected });
      if (result.ok) dossier = result.dossier;
    }
    expect(addPhoto(dossier, identity, photo('identity'), hamming)).toEqual({ ok: false, reason: 'full' });
  });

  it('refuses the same Telegram file and a near-identical picture', () => {
    const first = photo('diploma', 'ffff0000ffff0000'.repeat(16));
    const added = addPhoto(EMPTY_DOSSIER, diploma, first, hamming);
    if (!added.ok) throw new Error('not added');
    expect(
      addPhoto(added.dossier, diploma, { ...photo('diploma'), fileUniqueId: first.fileUniqueId }, hamming),
    ).toEqual({
      ok: false,
      reason: 'duplicate',
    });
    expect(
      addPhoto(
        added.dossier,
        diploma,
        photo('diploma', `${'ffff0000ffff0000'.repeat(15)}ffff0000ffff0fff`),
        hamming,
      ),
    ).toEqual({
      ok: false,
      reason: 'duplicate',
    });
    expect(
      addPhoto(added.dossier, diploma, photo('diploma', '0000ffff0000ffff'.repeat(16)), hamming).ok,
    ).toBe(true);
  });

  it('refuses pictures and deletions once submitted', () => {
    const locked: Dossier = { ...EMPTY_DOSSIER, state: 'submitted', photos: [photo('diploma')] };
    expect(addPhoto(locked, diploma, photo('diploma'), hamming)).toEqual({ ok: false, reason: 'locked' });
    expect(removePhoto(locked, locked.photos[0]?.id ?? '')).toEqual({ ok: false, reason: 'locked' });
  });

  it('refuses a picture for a material that is not on the checklist', () => {
    expect(addPhoto(EMPTY_DOSSIER, undefined, photo('degree_certificate'), hamming)).toEqual({
      ok: false,
      reason: 'not_in_checklist',
    });
  });

  it('deletes one picture and lists what is still missing', () => {
    const dossier: Dossier = {
      ...EMPTY_DOSSIER,
      photos: [photo('identity'), photo('identity'), photo('diploma')],
    };
    const removed = removePhoto(dossier, dossier.photos[2]?.id ?? '');
    if (!removed.ok) throw new Error('not removed');
    expect(
      missingMaterials(removed.dossier, [identity, diploma]).map((m) => [m.material.id, m.have]),
    ).toEqual([
      ['identity', 2],
      ['diploma', 0],
    ]);
    expect(removePhoto(dossier, 'nope')).toEqual({ ok: false, reason: 'not_found' });
  });
});

describe('after a return and while replacing', () => {
  const LATER = '2020-03-26T01:00:00.000Z';
  const materials = [identity, diploma];
  const returned = (redo: string[], photos: DossierPhoto[]): Dossier => ({
    ...EMPTY_DOSSIER,
    state: 'returned',
    photos,
    feedback: { text: '请重拍', materials: redo, at: AT },
  });

  it('puts a material marked for redo first, before one still short of pictures', () => {
    const dossier = returned(['diploma'], [photo('identity'), photo('diploma')]);
    expect(nextMaterialToUpload(dossier, materials)?.id).toBe('diploma');
  });

  it('sends an unasked picture nowhere once every material has enough and nothing is to be redone', () => {
    const dossier: Dossier = {
      ...EMPTY_DOSSIER,
      photos: [photo('identity'), photo('identity'), photo('identity'), photo('diploma')],
    };
    expect(nextMaterialToUpload(dossier, materials)).toBeUndefined();
  });

  it('counts a redo as done once the material has a picture added after the return', () => {
    const fresh = { ...photo('diploma'), addedAt: LATER };
    expect(redoPending(returned(['diploma'], [photo('diploma')]), materials).map((m) => m.id)).toEqual([
      'diploma',
    ]);
    expect(redoPending(returned(['diploma'], [photo('diploma'), fresh]), materials)).toEqual([]);
  });

  it('still tells a reviewer which redo was not done once the dossier is resubmitted', () => {
    const resubmitted: Dossier = { ...returned(['diploma'], [photo('diploma')]), state: 'submitted' };
    expect(redoPending(resubmitted, materials)).toEqual([]);
    expect(redoNotDone(resubmitted, materials).map((m) => m.id)).toEqual(['diploma']);
  });

  it('replaces a picture in place once its successor is accepted, even in a full material', () => {
    const three = [photo('identity'), photo('identity'), photo('identity')];
    const marked = startReplacing({ ...EMPTY_DOSSIER, photos: three }, three[1]?.id ?? '');
    expect(marked.ok && marked.dossier.replacing).toBe(three[1]?.id);
    if (!marked.ok) return;
    const successor = photo('identity');
    const added = addPhoto(marked.dossier, identity, successor, hamming);
    expect(added).toMatchObject({ ok: true, count: 3, replaced: three[1] });
    expect(added.ok && added.dossier.photos.map((p) => p.id)).toEqual([
      three[0]?.id,
      successor.id,
      three[2]?.id,
    ]);
    expect(added.ok && added.dossier.replacing).toBeUndefined();
  });

  it('keeps the picture being replaced when its successor is refused as a duplicate', () => {
    const three = [photo('identity'), photo('identity'), photo('identity')];
    const marked = startReplacing({ ...EMPTY_DOSSIER, photos: three }, three[0]?.id ?? '');
    if (!marked.ok) throw new Error('not marked');
    const again = { ...photo('identity'), fileUniqueId: three[2]?.fileUniqueId ?? '' };
    expect(addPhoto(marked.dossier, identity, again, hamming)).toEqual({ ok: false, reason: 'duplicate' });
  });
});
