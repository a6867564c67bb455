import { beforeAll, describe, expect, it } from 'vitest';
import { parseCallbackData } from '../../src/bot/callback-data.js';
import {
  differingNamesLine,
  idNumberInvalidView,
  looksLikeView,
  reviewFindingLines,
  shortTitle,
} from '../../src/bot/reading-views.js';
import type { DossierPhoto } from '../../src/domain/dossier.js';
import type { Flow } from '../../src/domain/flow.js';
import { picture } from '../app/use-case-fixtures.js';
import { applicantOf, ELIGIBLE_ANSWERS } from '../helpers/applicants.js';
import { loadCurrentFlow } from '../helpers/flow.js';

let flow: Flow;
beforeAll(async () => {
  flow = await loadCurrentFlow();
});

const withFindings = (photo: DossierPhoto, findings: DossierPhoto['findings']): DossierPhoto => ({
  ...photo,
  findings,
});

describe('what the bot says about a read picture', () => {
  it('names materials by their short title', () => {
    expect(shortTitle(flow, 'identity', 'zh')).toBe('有效身份证明');
    expect(shortTitle(flow, 'diploma', 'en')).toBe('Diploma');
  });

  it('asks to move a picture that reads as another material, with a button each way', () => {
    const photo = withFindings(picture('identity'), {
      looksLike: 'diploma',
      invalidIdNumbers: 0,
      validIdNumbers: 0,
    });
    const applicant = applicantOf(1, { answers: ELIGIBLE_ANSWERS });
    const view = looksLikeView(flow, {
      applicant,
      photo,
      findings: photo.findings ?? { invalidIdNumbers: 0, validIdNumbers: 0 },
    });
    expect(view?.html).toBe('这张看起来是毕业证，不是有效身份证明。');
    const [move, keep] = view?.buttons.flat() ?? [];
    expect(move?.text).toBe('放到毕业证下');
    expect(parseCallbackData(move?.data ?? '')).toEqual({
      kind: 'movePhoto',
      photo: photo.id,
      material: Object.keys(flow.materials).indexOf('diploma'),
    });
    expect(keep?.text).toBe('仍放在有效身份证明下');
    expect(parseCallbackData(keep?.data ?? '')).toEqual({ kind: 'keepPhoto', photo: photo.id });
  });

  it('says nothing when nothing was found', () => {
    const photo = picture('identity');
    const applicant = applicantOf(1, { answers: ELIGIBLE_ANSWERS });
    const findings = { invalidIdNumbers: 0, validIdNumbers: 1 };
    expect(looksLikeView(flow, { applicant, photo, findings })).toBeUndefined();
    expect(idNumberInvalidView(flow, { applicant, photo, findings })).toBeUndefined();
  });
});

describe('what a reviewer sees beside the pictures', () => {
  it('lists each picture’s findings by its place in the material', () => {
    const photos = [
      picture('identity'),
      withFindings(picture('identity'), { looksLike: 'diploma', invalidIdNumbers: 1, validIdNumbers: 0 }),
    ];
    expect(reviewFindingLines(flow, photos, 'zh')).toEqual([
      '⚠️ 第2张看起来是毕业证',
      '⚠️ 第2张上的身份证号码校验位不符',
    ]);
    expect(reviewFindingLines(flow, [picture('identity')], 'en')).toEqual([]);
  });

  it('shows the names when the documents print different ones, and nothing when they agree', () => {
    const named = (material: string, name: string) =>
      withFindings(picture(material), { invalidIdNumbers: 0, validIdNumbers: 0, name });
    expect(
      differingNamesLine(flow, [named('identity', '张伟明'), named('diploma', '张伟明')], 'zh'),
    ).toBeUndefined();
    expect(differingNamesLine(flow, [named('identity', '张伟明'), named('diploma', '张伟')], 'zh')).toBe(
      '⚠️ 各证件上的姓名不一致：张伟明（有效身份证明）、张伟（毕业证）',
    );
  });
});
