import { html } from 'hono/html';
import type { DossierClaim } from '../app/ports/dossier-claims.js';
import type { Applicant } from '../domain/applicant.js';
import { checklistOf } from '../domain/applicant-progress.js';
import { isNewSinceReturn, photosOf, redoNotDone } from '../domain/dossier.js';
import type { Flow } from '../domain/flow.js';
import { submissionStamp } from '../domain/review-queue.js';
import type { Lang } from '../domain/text.js';
import { say } from './console-text.js';
import { differingNames, differingNamesLine, pictureFindings } from './document-findings-view.js';
import { formatTime, type Html, page, type Viewer } from './page-layout.js';

/**
 * `GET /dossiers/<id>`: each material of the checklist beside its pictures (new since the last return
 * marked), the interview answers, the automatic checks, earlier feedback, and — while it waits — the
 * decision forms. A material's redo checkbox and reasons sit beside its pictures and belong to the return
 * form (the `form` attribute), so the keyboard can work material by material.
 */
export function dossierPage(
  viewer: Viewer,
  flow: Flow,
  timeZone: string,
  applicant: Applicant,
  claim: DossierClaim | undefined,
  notice?: string,
): Html {
  const { lang } = viewer;
  const { dossier, userId } = applicant;
  const materials = checklistOf(flow, applicant).materials;
  const notRedone = new Set(redoNotDone(dossier, materials).map((m) => m.id));
  const waiting = dossier.state === 'submitted';
  const csrf = html`<input type="hidden" name="_csrf" value="${viewer.csrfToken}">
    <input type="hidden" name="stamp" value="${submissionStamp(applicant)}">`;
  const claimLine = claim
    ? html`<p class="claim">${
        claim.reviewerId === viewer.reviewerId
          ? say(lang, 'youHold', { until: formatTime(claim.until, timeZone) })
          : say(lang, 'heldBy', { id: claim.reviewerId, until: formatTime(claim.until, timeZone) })
      }</p>`
    : '';
  const differing = differingNames(dossier.photos);
  const materialsSection = html`<section class="materials"><h2>${say(lang, 'checklist')}</h2>
${differingNamesLine(flow, dossier.photos, lang)}
${materials.map((material, index) => {
  const photos = photosOf(dossier, material.id);
  return html`<article class="material" data-material="${index}" id="m-${index}">
  <header>
    <h3>${index + 1}. ${material.title[lang]} <span class="n">${photos.length}/${material.photos.max}</span>
      ${notRedone.has(material.id) ? html`<span class="warn">${say(lang, 'redoNotDone')}</span>` : ''}</h3>
    ${
      waiting
        ? html`<div class="redo">
      <label class="redo-check"><input type="checkbox" name="redo" value="${material.id}">${material.title[lang]}</label>
      <span class="reasons">${flow.reviewReasons.map(
        (reason, r) => html`<label><input type="checkbox" name="reason:${material.id}" value="${reason.id}"
          data-digit="${r + 1}"><kbd>${r + 1}</kbd> ${reason.text[lang]}</label>`,
      )}</span>
    </div>`
        : ''
    }
  </header>
  <div class="pictures">
  ${
    photos.length === 0
      ? html`<p class="none">${say(lang, 'noPictures')}</p>`
      : photos.map(
          (photo, k) => html`<figure class="picture">
    <div class="frame"><img src="/dossiers/${userId}/pictures/${photo.id}" alt="${material.title[lang]} ${k + 1}"
      loading="lazy"></div>
    <figcaption>${isNewSinceReturn(dossier, photo) ? html`<span class="new">🆕 ${say(lang, 'newSinceReturn')}</span> ` : ''}
      ${say(lang, 'autoCheck', {
        format: photo.format.toUpperCase(),
        width: photo.width,
        height: photo.height,
        kb: Math.round(photo.bytes / 1000),
      })}${pictureFindings(flow, photo, lang, differing)}</figcaption>
  </figure>`,
        )
  }
  </div>
</article>`;
})}
</section>`;
  const body = html`
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<p class="state">${say(lang, `state_${dossier.state}`)}
  ${dossier.submittedAt ? html` · ${say(lang, 'submittedAt')} ${formatTime(dossier.submittedAt, timeZone)}` : ''}
  · <a href="/dossiers/${userId}/audit">${say(lang, 'auditLog')}</a>
  · <a href="/export/photos.zip?applicant=${userId}" download>${say(lang, 'exportPhotos')}</a></p>
${claimLine}
${earlierFeedback(lang, flow, applicant, timeZone)}
<section class="answers"><h2>${say(lang, 'answers')}</h2><dl>${answerRows(flow, applicant, lang)}</dl></section>
${waiting ? decisionForms(lang, userId, csrf, materialsSection) : html`${materialsSection}<p>${say(lang, 'notSubmitted')}</p>`}`;
  return page(viewer, say(lang, 'dossierOf', { id: userId }), body);
}

/**
 * The three decisions. The return form holds the materials, so that each material's redo checkbox and
 * reasons sit beside its pictures and are still plain fields of the form they belong to.
 */
function decisionForms(lang: Lang, userId: number, hidden: Html, materials: Html): Html {
  return html`<form method="post" action="/dossiers/${userId}/return" id="return-form" data-confirm="${say(lang, 'confirmReturn')}">
  ${hidden}
  ${materials}
  <section class="decide"><h2>${say(lang, 'decide')}</h2>
  <div class="decision">
    <p class="legend">${say(lang, 'redoLegend')}</p>
    <label>${say(lang, 'feedback')} <textarea name="feedback" rows="3" maxlength="1000"></textarea></label>
    <label>${say(lang, 'note')} <textarea name="note" rows="2" maxlength="1000"></textarea></label>
    <button type="submit">${say(lang, 'returnButton')}</button>
  </div>
  </section>
</form>
<section class="decide">
<form method="post" action="/dossiers/${userId}/approve" id="approve-form" data-confirm="${say(lang, 'confirmApprove')}">
  ${hidden}
  <label>${say(lang, 'note')} <textarea name="note" rows="2" maxlength="1000"></textarea></label>
  <button type="submit">${say(lang, 'approveButton')}</button>
</form>
<form method="post" action="/dossiers/${userId}/reject" id="reject-form">
  ${hidden}
  <label>${say(lang, 'rejectReason')} <textarea name="reason" rows="2" maxlength="1000" required></textarea></label>
  <label>${say(lang, 'note')} <textarea name="note" rows="2" maxlength="1000"></textarea></label>
  <button type="submit">${say(lang, 'rejectButton')}</button>
</form>
</section>`;
}

function answerRows(flow: Flow, applicant: Applicant, lang: Lang): Html[] {
  return Object.entries(flow.facts).flatMap(([name, def]) => {
    const value = applicant.answers[name];
    if (value === undefined) return [];
    const shown =
      def.type === 'enum'
        ? (def.values[String(value)]?.[lang] ?? String(value))
        : def.type === 'boolean'
          ? flow.texts[value === true ? 'yes' : 'no'][lang]
          : String(value);
    return [html`<dt>${def.label[lang]}</dt><dd>${shown}</dd>`];
  });
}

function earlierFeedback(lang: Lang, flow: Flow, applicant: Applicant, timeZone: string): Html | string {
  const { feedback, rejection } = applicant.dossier;
  if (!feedback && !rejection) return '';
  return html`<section class="feedback"><h2>${say(lang, 'earlierFeedback')}</h2>
  ${
    feedback
      ? html`<p>${say(lang, 'returnedAt', { at: formatTime(feedback.at, timeZone) })}
      ${feedback.materials.map((id) => flow.materials[id]?.title[lang] ?? id).join(' · ')}</p>
      <blockquote>${feedback.text}</blockquote>`
      : ''
  }
  ${
    rejection
      ? html`<p>${say(lang, 'rejectedAt', { at: formatTime(rejection.at, timeZone) })}</p>
      <blockquote>${rejection.reason}</blockquote>`
      : ''
  }
</section>`;
}
