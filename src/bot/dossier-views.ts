import type { Applicant } from '../domain/applicant.js';
import type { ChecklistMaterial } from '../domain/checklist.js';
import { photoCountText } from '../domain/checklist-text.js';
import { type DossierPhoto, missingMaterials, photosOf, redoPending } from '../domain/dossier.js';
import type { Flow } from '../domain/flow.js';
import { localize } from '../domain/text.js';
import { toCallbackData } from './callback-data.js';
import { escapeHtml } from './html.js';
import { type Button, labelValue, t, type View } from './render.js';

/** A material's position in the flow's catalogue: what material buttons carry (short, stable for a flow). */
export function materialIndex(flow: Flow, materialId: string): number {
  return Object.keys(flow.materials).indexOf(materialId);
}

/** The material behind a button's index, if it is on the applicant's checklist. */
export function materialAt(flow: Flow, materials: readonly ChecklistMaterial[], index: number) {
  const id = Object.keys(flow.materials)[index];
  return materials.find((m) => m.id === id);
}

const materialButton = (flow: Flow, applicant: Applicant, m: ChecklistMaterial): Button => {
  const have = photosOf(applicant.dossier, m.id).length;
  const redo = redoPending(applicant.dossier, [m]).length > 0;
  const mark = redo ? '🔁' : have >= m.photos.min ? '✅' : have > 0 ? '◐' : '⬜';
  return {
    text: `${mark} ${m.title[applicant.lang]} ${have}/${m.photos.max}`,
    data: toCallbackData({ kind: 'material', material: materialIndex(flow, m.id) }),
  };
};

/** Every material with its progress as a button, and Submit. */
export function materialsMenuView(
  flow: Flow,
  applicant: Applicant,
  materials: readonly ChecklistMaterial[],
): View {
  const { lang } = applicant;
  return {
    html: t(flow, 'chooseMaterial', lang),
    buttons: [
      ...materials.map((m) => [materialButton(flow, applicant, m)]),
      [{ text: localize(flow.texts.submitButton, lang), data: toCallbackData({ kind: 'submit' }) }],
    ],
  };
}

/**
 * What to photograph for one material, how many pictures, and the buttons around it; `next` opens it with
 * "Next:" when the bot leads on to it by itself.
 */
export function materialPromptView(
  flow: Flow,
  applicant: Applicant,
  m: ChecklistMaterial,
  options: { next?: boolean } = {},
): View {
  const { lang } = applicant;
  const prompt = t(flow, 'materialPrompt', lang, {
    title: m.title[lang],
    count: photoCountText(flow, m, lang),
  });
  const lines = [
    options.next ? `${t(flow, 'nextMaterial', lang)}${prompt}` : prompt,
    ...m.shots.map((shot) => `· ${escapeHtml(shot[lang])}`),
  ];
  if (m.note) lines.push(`· ${escapeHtml(m.note[lang])}`);
  if (m.form)
    lines.push(`🖨 ${labelValue(flow, lang, localize(flow.texts.printForm, lang), m.form.name[lang])}`);
  if (m.warning) lines.push(`⚠️ ${escapeHtml(m.warning[lang])}`);
  const index = materialIndex(flow, m.id);
  return {
    html: lines.join('\n'),
    buttons: [
      [
        {
          text: localize(flow.texts.viewPhotos, lang),
          data: toCallbackData({ kind: 'viewPhotos', material: index }),
        },
        { text: localize(flow.texts.backToMaterials, lang), data: toCallbackData({ kind: 'materials' }) },
      ],
    ],
  };
}

/**
 * A material's pictures as numbered lines, with Delete and Replace for each while the dossier is editable,
 * and a button to get them as files.
 */
export function photoListView(
  flow: Flow,
  applicant: Applicant,
  m: ChecklistMaterial,
  photos: readonly DossierPhoto[],
  editable: boolean,
): View {
  const { lang } = applicant;
  if (photos.length === 0) return { html: t(flow, 'noPhotosYet', lang), buttons: [] };
  const lines = [
    t(flow, 'photoListHeading', lang, { title: m.title[lang], have: photos.length }),
    ...photos.map((p, i) => `${i + 1}. ${p.width}×${p.height}, ${Math.round(p.bytes / 1024)} KB`),
  ];
  const buttons: Button[][] = editable
    ? photos.map((p, i) => [
        {
          text: localize(flow.texts.deletePhoto, lang, { n: i + 1 }),
          data: toCallbackData({ kind: 'deletePhoto', photo: p.id }),
        },
        {
          text: localize(flow.texts.replacePhoto, lang, { n: i + 1 }),
          data: toCallbackData({ kind: 'replacePhoto', photo: p.id }),
        },
      ])
    : [];
  buttons.push([
    {
      text: localize(flow.texts.materialFilesButton, lang),
      data: toCallbackData({ kind: 'materialFiles', material: materialIndex(flow, m.id) }),
    },
  ]);
  buttons.push([
    { text: localize(flow.texts.backToMaterials, lang), data: toCallbackData({ kind: 'materials' }) },
  ]);
  return { html: lines.join('\n'), buttons };
}

/** Why a dossier cannot be submitted yet: each material still short of pictures, with how many it has. */
export function missingView(flow: Flow, applicant: Applicant, materials: readonly ChecklistMaterial[]): View {
  const { lang } = applicant;
  const missing = missingMaterials(applicant.dossier, materials);
  return {
    html: [
      t(flow, 'submitMissing', lang),
      ...missing.map(
        ({ material, have }) =>
          `• ${labelValue(flow, lang, material.title[lang], `${have}/${photoCountText(flow, material, lang)}`)}`,
      ),
    ].join('\n'),
    buttons: missing.slice(0, 8).map(({ material }) => [materialButton(flow, applicant, material)]),
  };
}

/**
 * Asked before resubmitting a returned dossier whose materials marked for redo have no new picture: each
 * of them, then Submit anyway or go upload.
 */
export function redoPendingView(
  flow: Flow,
  applicant: Applicant,
  materials: readonly ChecklistMaterial[],
): View {
  const { lang } = applicant;
  const pending = redoPending(applicant.dossier, materials);
  return {
    html: [t(flow, 'resubmitUnchanged', lang), ...pending.map((m) => `🔁 ${escapeHtml(m.title[lang])}`)].join(
      '\n',
    ),
    buttons: [
      ...pending.slice(0, 8).map((m) => [materialButton(flow, applicant, m)]),
      [
        {
          text: localize(flow.texts.submitAnywayButton, lang),
          data: toCallbackData({ kind: 'submitAnyway' }),
        },
      ],
    ],
  };
}
