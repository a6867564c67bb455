import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ID_NUMBER_INVALID_MESSAGE } from '../../src/domain/document-findings.js';
import type { DossierPhoto } from '../../src/domain/dossier.js';
import { type ConsoleFixture, createConsoleFixture, REVIEWER_A } from './console-fixture.js';

const READ = 4_300_001;
const UNREAD = 4_300_002;

/** The caption of one picture on the dossier page (from its <img> to the end of its figure). */
function captionOf(page: string, userId: number, photoId: string): string {
  const start = page.indexOf(`/dossiers/${userId}/pictures/${photoId}"`);
  if (start < 0) throw new Error(`no picture ${photoId} on the page`);
  return page.slice(start, page.indexOf('</figure>', start));
}

describe('the reader’s findings on the console’s dossier page (issue 14)', () => {
  let fx: ConsoleFixture;
  let cookie: string;
  let identityPhoto: DossierPhoto;
  let diplomaPhoto: DossierPhoto;
  beforeEach(async () => {
    fx = await createConsoleFixture();
    const seeded = await fx.seedSubmitted(READ);
    await fx.seedSubmitted(UNREAD);
    const [identity, diploma] = ['identity', 'diploma'].map((id) => {
      const photo = seeded.dossier.photos.find((p) => p.materialId === id);
      if (!photo) throw new Error(`no ${id} picture seeded`);
      return photo;
    }) as [DossierPhoto, DossierPhoto];
    identityPhoto = {
      ...identity,
      findings: { looksLike: 'diploma', invalidIdNumbers: 1, validIdNumbers: 0, name: '张三' },
    };
    diplomaPhoto = { ...diploma, findings: { invalidIdNumbers: 0, validIdNumbers: 0, name: '张山' } };
    const photos = seeded.dossier.photos.map((p) =>
      p.id === identity.id ? identityPhoto : p.id === diploma.id ? diplomaPhoto : p,
    );
    await fx.deps.applicants.update(READ, () => ({
      record: { ...seeded, dossier: { ...seeded.dossier, photos } },
      result: undefined,
    }));
    ({ cookie } = await fx.signIn(REVIEWER_A));
  });
  afterEach(async () => {
    await fx.close();
  });

  it('shows beside each picture what was read on it, and the names that differ between documents, in Chinese', async () => {
    const page = await (await fx.request(`/dossiers/${READ}`, { cookie })).text();
    expect(page).toContain(
      '⚠️ 各证件上的姓名不一致：张三（有效身份证明（正反面及本人手持照片））；张山（毕业证）',
    );
    const identity = captionOf(page, READ, identityPhoto.id);
    expect(identity).toContain('这张看起来是毕业证，不是有效身份证明（正反面及本人手持照片）');
    expect(identity).toContain(ID_NUMBER_INVALID_MESSAGE.zh);
    expect(identity).toContain('证件上的姓名：张三');
    const diploma = captionOf(page, READ, diplomaPhoto.id);
    expect(diploma).toContain('证件上的姓名：张山');
    expect(diploma).not.toContain('看起来是');
    expect(diploma).not.toContain(ID_NUMBER_INVALID_MESSAGE.zh);
  });

  it('says the same in English on ?lang=en', async () => {
    const page = await (await fx.request(`/dossiers/${READ}?lang=en`, { cookie })).text();
    expect(page).toContain('⚠️ The names on the documents differ: 张三 (Valid proof of identity');
    expect(page).toContain('张山 (Diploma)');
    const identity = captionOf(page, READ, identityPhoto.id);
    expect(identity).toContain('This looks like the Diploma, not the Valid proof of identity');
    expect(identity).toContain(ID_NUMBER_INVALID_MESSAGE.en);
    expect(identity).toContain('Name on the document: 张三');
  });

  it('shows nothing of the kind for pictures that were not read, or whose names agree', async () => {
    const unread = await (await fx.request(`/dossiers/${UNREAD}`, { cookie })).text();
    expect(unread).not.toContain('data-finding');
    expect(unread).not.toContain('姓名不一致');
    const applicant = await fx.deps.applicants.get(READ);
    if (!applicant) throw new Error('no applicant');
    const agreeing = applicant.dossier.photos.map((p) =>
      p.id === diplomaPhoto.id
        ? { ...p, findings: { invalidIdNumbers: 0, validIdNumbers: 1, name: '张三' } }
        : p,
    );
    await fx.deps.applicants.update(READ, () => ({
      record: { ...applicant, dossier: { ...applicant.dossier, photos: agreeing } },
      result: undefined,
    }));
    const page = await (await fx.request(`/dossiers/${READ}`, { cookie })).text();
    expect(page).not.toContain('姓名不一致');
    expect(captionOf(page, READ, diplomaPhoto.id)).toContain('证件上的姓名：张三');
  });
});
