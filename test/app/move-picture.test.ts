import { beforeAll, describe, expect, it } from 'vitest';
import { movePicture } from '../../src/app/move-picture.js';
import type { DocumentReader } from '../../src/app/ports/document-reader.js';
import { readPicture } from '../../src/app/read-picture.js';
import type { Applicant } from '../../src/domain/applicant.js';
import type { Dossier, DossierPhoto } from '../../src/domain/dossier.js';
import type { Flow } from '../../src/domain/flow.js';
import { loadCurrentFlow } from '../helpers/flow.js';
import { completeApplicant, memoryDeps, picture, USER } from './use-case-fixtures.js';

let flow: Flow;
beforeAll(async () => {
  flow = await loadCurrentFlow();
});

/** A clinical bachelor whose dossier holds exactly these pictures. */
function applicantWith(photos: DossierPhoto[], dossier: Partial<Dossier> = {}): Applicant {
  const base = completeApplicant(flow);
  return { ...base, dossier: { ...base.dossier, photos, ...dossier } };
}

const counts = (applicant: Applicant | undefined) =>
  Object.fromEntries(
    ['identity', 'diploma'].map((m) => [
      m,
      applicant?.dossier.photos.filter((p) => p.materialId === m).length,
    ]),
  );

describe('moving a picture to the material it reads as', () => {
  it('moves a diploma sent under 身份证 to 毕业证, and both counts follow', async () => {
    const diploma = picture('identity');
    const deps = memoryDeps(flow, [applicantWith([picture('identity'), diploma])]);
    const outcome = await movePicture(deps, USER, diploma.id, 'diploma');
    expect(outcome).toMatchObject({ ok: true, to: { have: 1 }, from: { id: 'identity', have: 1 } });
    expect(counts(await deps.applicants.get(USER))).toEqual({ identity: 1, diploma: 1 });
  });

  it('answers a second tap on the same button with already_there, changing nothing', async () => {
    const diploma = picture('identity');
    const deps = memoryDeps(flow, [applicantWith([diploma])]);
    await movePicture(deps, USER, diploma.id, 'diploma');
    expect(await movePicture(deps, USER, diploma.id, 'diploma')).toMatchObject({
      ok: false,
      reason: 'already_there',
    });
    expect(counts(await deps.applicants.get(USER))).toEqual({ identity: 0, diploma: 1 });
  });

  it('refuses a target that already has its maximum', async () => {
    const stray = picture('identity');
    const deps = memoryDeps(flow, [applicantWith([stray, picture('diploma'), picture('diploma')])]);
    expect(await movePicture(deps, USER, stray.id, 'diploma')).toMatchObject({
      ok: false,
      reason: 'full',
      max: 2,
    });
  });

  it('refuses once the dossier is submitted', async () => {
    const stray = picture('identity');
    const deps = memoryDeps(flow, [applicantWith([stray], { state: 'submitted' })]);
    expect(await movePicture(deps, USER, stray.id, 'diploma')).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('refuses a picture that is gone, and a material not on the checklist (a tampered button)', async () => {
    const stray = picture('identity');
    const deps = memoryDeps(flow, [applicantWith([stray])]);
    expect(await movePicture(deps, USER, 'gone1', 'diploma')).toMatchObject({
      ok: false,
      reason: 'not_found',
    });
    expect(await movePicture(deps, USER, stray.id, 'student_card')).toMatchObject({
      ok: false,
      reason: 'not_in_checklist',
    });
    expect(await movePicture(deps, 999, stray.id, 'diploma')).toMatchObject({
      ok: false,
      reason: 'not_found',
    });
  });

  it('lets a picture waiting to be replaced stop waiting when it moves', async () => {
    const stray = picture('identity');
    const deps = memoryDeps(flow, [applicantWith([stray], { replacing: stray.id })]);
    await movePicture(deps, USER, stray.id, 'diploma');
    expect((await deps.applicants.get(USER))?.dossier.replacing).toBeUndefined();
  });
});

describe('reading a picture after its verdict', () => {
  const readerOf = (text: string | undefined): DocumentReader => ({
    read: async () => (text === undefined ? undefined : { text, confidence: 90 }),
    isAvailable: async () => text !== undefined,
  });

  it('records on the picture that it reads as the diploma, and the name it prints', async () => {
    const stray = picture('identity');
    const deps = memoryDeps(flow, [applicantWith([stray])]);
    await deps.pictures.put(USER, stray.id, 'jpeg', new Uint8Array([1]));
    const reading = await readPicture(
      { ...deps, reader: readerOf('毕业证书 学生张伟明 准予毕业 姓名 张伟明') },
      USER,
      stray.id,
    );
    expect(reading?.findings).toEqual({
      looksLike: 'diploma',
      invalidIdNumbers: 0,
      validIdNumbers: 0,
      name: '张伟明',
    });
    expect((await deps.applicants.get(USER))?.dossier.photos[0]?.findings).toEqual(reading?.findings);
  });

  it('points only to materials of the applicant’s checklist', async () => {
    const stray = picture('identity');
    const deps = memoryDeps(flow, [applicantWith([stray])]);
    await deps.pictures.put(USER, stray.id, 'jpeg', new Uint8Array([1]));
    const reading = await readPicture(
      { ...deps, reader: readerOf('学生证 学号 入学时间 院系') },
      USER,
      stray.id,
    );
    expect(reading?.findings.looksLike).toBeUndefined();
  });

  it('records nothing when there is no reader', async () => {
    const stray = picture('identity');
    const deps = memoryDeps(flow, [applicantWith([stray])]);
    await deps.pictures.put(USER, stray.id, 'jpeg', new Uint8Array([1]));
    expect(await readPicture({ ...deps, reader: readerOf(undefined) }, USER, stray.id)).toBeUndefined();
    expect((await deps.applicants.get(USER))?.dossier.photos[0]?.findings).toBeUndefined();
  });
});
