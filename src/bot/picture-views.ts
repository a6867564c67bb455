import type { AddPictureOutcome } from '../app/add-picture.js';
import { checklistOf } from '../domain/applicant-progress.js';
import { nextMaterialToUpload } from '../domain/dossier.js';
import type { Flow } from '../domain/flow.js';
import { localize } from '../domain/text.js';
import { toCallbackData } from './callback-data.js';
import { materialIndex } from './dossier-views.js';
import { t, type View } from './render.js';

/**
 * The answer to an accepted picture: the count (or which picture it replaced), and where to go from here —
 * Submit once everything is there, *Next* when the material has enough but could take more pages.
 */
export function acceptedView(flow: Flow, outcome: Extract<AddPictureOutcome, { kind: 'accepted' }>): View {
  const { applicant, material, count, next, missing, replaced } = outcome;
  const { lang } = applicant;
  const title = material.title[lang];
  const { min, max } = material.photos;
  const lines = replaced
    ? [t(flow, 'photoReplaced', lang, { title, n: outcome.position, have: count, max })]
    : [t(flow, 'photoAccepted', lang, { title, have: count, max })];
  if (!replaced && count === max) lines.push(t(flow, 'materialComplete', lang, { title }));
  if (missing === 0 && count >= min) {
    lines.push(t(flow, 'allMaterialsComplete', lang));
    const submit = {
      text: localize(flow.texts.submitButton, lang),
      data: toCallbackData({ kind: 'submit' }),
    };
    return { html: lines.join('\n'), buttons: [[submit]] };
  }
  const following =
    next ??
    (count >= min
      ? nextMaterialToUpload(applicant.dossier, checklistOf(flow, applicant).materials)
      : undefined);
  if (count >= min && count < max && following) {
    lines.push(t(flow, 'materialEnough', lang, { max }));
    const onward = {
      text: localize(flow.texts.nextMaterialButton, lang, { title: following.title[lang] }),
      data: toCallbackData({ kind: 'material', material: materialIndex(flow, following.id) }),
    };
    return { html: lines.join('\n'), buttons: [[onward]] };
  }
  return { html: lines.join('\n'), buttons: [] };
}
