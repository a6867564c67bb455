import { describe, expect, it } from 'vitest';
import type { ChecklistMaterial } from '../../src/domain/checklist.js';
import { type Dossier, type DossierPhoto, EMPTY_DOSSIER } from '../../src/domain/dossier.js';
import { portalFileName, portalFilesOf } from '../../src/domain/portal-files.js';

const material = (id: string, zh: string): ChecklistMaterial => ({
  id,
  title: { zh, en: id },
  copies: 1,
  photos: { min: 1, max: 3 },
  shots: [],
});
const IDENTITY = material('identity', '有效身份证明（正反面及本人手持照片）');
const DIPLOMA = material('diploma', '毕业证');
const PRACTICE = material('practice_proof', '执业期考核证明 / 连续工作证明');

let n = 0;
function photo(materialId: string, format: 'jpeg' | 'png' = 'jpeg'): DossierPhoto {
  n += 1;
  return {
    id: `p${n}`,
    materialId,
    fileId: `f${n}`,
    fileUniqueId: `u${n}`,
    hash: '0'.repeat(256),
    file: `photos/7/p${n}.${format === 'png' ? 'png' : 'jpg'}`,
    format,
    bytes: 1000,
    width: 1600,
    height: 1200,
    addedAt: '2020-03-24T01:00:00.000Z',
  };
}
const dossierOf = (photos: DossierPhoto[]): Dossier => ({ ...EMPTY_DOSSIER, photos });

describe('portalFileName', () => {
  it.each([
    [1, '有效身份证明（正反面及本人手持照片）', 1, 'jpeg', '01_有效身份证明（正反面及本人手持照片）_1.jpg'],
    [2, '毕业证', 2, 'jpeg', '02_毕业证_2.jpg'],
    [12, '学位证', 1, 'png', '12_学位证_1.png'],
  ] as const)('names place %i, %s, picture %i (%s) as %s', (place, title, k, format, name) => {
    expect(portalFileName(place, title, k, format)).toBe(name);
  });

  it('turns what a file name cannot hold into a dash, so a title with a slash makes no folder', () => {
    expect(portalFileName(3, '执业期考核证明 / 连续工作证明', 1, 'jpeg')).toBe(
      '03_执业期考核证明-连续工作证明_1.jpg',
    );
    expect(portalFileName(4, 'a:b*c?"d"<e>|f\\g\nh', 1, 'jpeg')).toBe('04_a-b-c-d-e-f-g-h_1.jpg');
  });
});

describe('portalFilesOf', () => {
  it('lists materials in checklist order and pictures in their list order, numbering each from 1', () => {
    const [d1, i1, i2, d2, i3] = [
      photo('diploma'),
      photo('identity'),
      photo('identity', 'png'),
      photo('diploma'),
      photo('identity'),
    ];
    const groups = portalFilesOf(dossierOf([d1, i1, i2, d2, i3] as DossierPhoto[]), [IDENTITY, DIPLOMA]);
    expect(groups.map((g) => [g.material.id, g.place, g.files.map((f) => [f.name, f.key])])).toEqual([
      [
        'identity',
        1,
        [
          ['01_有效身份证明（正反面及本人手持照片）_1.jpg', i1?.file],
          ['01_有效身份证明（正反面及本人手持照片）_2.png', i2?.file],
          ['01_有效身份证明（正反面及本人手持照片）_3.jpg', i3?.file],
        ],
      ],
      [
        'diploma',
        2,
        [
          ['02_毕业证_1.jpg', d1?.file],
          ['02_毕业证_2.jpg', d2?.file],
        ],
      ],
    ]);
  });

  it('keeps a material’s place in the checklist when an earlier one has no picture yet', () => {
    const groups = portalFilesOf(dossierOf([photo('practice_proof')]), [IDENTITY, DIPLOMA, PRACTICE]);
    expect(groups.map((g) => g.files.map((f) => f.name))).toEqual([['03_执业期考核证明-连续工作证明_1.jpg']]);
  });

  it('hands over nothing for a dossier without pictures, and no picture of a material off the checklist', () => {
    expect(portalFilesOf(EMPTY_DOSSIER, [IDENTITY])).toEqual([]);
    expect(portalFilesOf(dossierOf([photo('student_card')]), [IDENTITY, DIPLOMA])).toEqual([]);
  });
});
