import type { Applicant } from '../domain/applicant.js';
import type { ChecklistMaterial } from '../domain/checklist.js';
import type { FactValue } from '../domain/condition.js';
import { isNewSinceReturn, photosOf, redoNotDone } from '../domain/dossier.js';
import type { Flow } from '../domain/flow.js';
import { relevantQuestions } from '../domain/interview.js';
import { submissionStamp } from '../domain/review-queue.js';
import { type Lang, localize } from '../domain/text.js';
import { toCallbackData } from './callback-data.js';
import { materialIndex } from './dossier-views.js';
import { escapeHtml } from './html.js';
import { differingNamesLine, reviewFindingLines } from './reading-views.js';
import { answerLabel, type Button, stateLabel, t, type View } from './render.js';

/** Reviewers read the bot in Chinese unless they chose English with /lang, like everyone else. */
export const REVIEWER_LANG: Lang = 'zh';

/** Submitted dossiers, oldest first, each with category, counts and a button to open it. */
export function queueView(
  flow: Flow,
  queue: readonly Applicant[],
  now: Date,
  lang: Lang = REVIEWER_LANG,
): View {
  if (queue.length === 0) return { html: t(flow, 'queueEmpty', lang), buttons: [] };
  const shown = queue.slice(0, 20);
  const lines = [t(flow, 'queueHeading', lang, { count: queue.length })];
  shown.forEach((a, i) => {
    const target = answerLabel(flow, 'target', a.answers.target ?? '', lang);
    const category =
      a.answers.category === undefined ? '' : `/${answerLabel(flow, 'category', a.answers.category, lang)}`;
    const waitedHours = Math.floor((now.getTime() - Date.parse(a.dossier.submittedAt ?? '')) / 3_600_000);
    lines.push(
      `${i + 1}. #${a.userId} · ${escapeHtml(target + category)} · 📷 ${a.dossier.photos.length} · ${Number.isNaN(waitedHours) ? '' : `${waitedHours}h`}`,
    );
  });
  return {
    html: lines.join('\n'),
    buttons: shown.map((a) => [
      { text: `#${a.userId}`, data: toCallbackData({ kind: 'openReview', applicant: a.userId }) },
    ]),
  };
}

/**
 * The applicant's answers and, per material, how many pictures (after a return: how many are new, or that a
 * material marked for redo has none), then the three decisions.
 */
export function reviewView(
  flow: Flow,
  applicant: Applicant,
  materials: readonly ChecklistMaterial[],
  lang: Lang = REVIEWER_LANG,
): View {
  const { questions } = relevantQuestions(flow, applicant.answers);
  const lines = [
    `<b>${t(flow, 'reviewHeading', lang, { id: applicant.userId, state: stateLabel(flow, applicant.dossier.state, lang) })}</b>`,
  ];
  for (const q of questions) {
    const value = applicant.answers[q.fact];
    if (value === undefined) continue;
    const label = flow.facts[q.fact]?.label[lang] ?? q.fact;
    const answer = answerLabel(flow, q.fact, value as FactValue, lang);
    lines.push(`• ${t(flow, 'labelValue', lang, { label, value: answer })}`);
  }
  lines.push('');
  const { dossier } = applicant;
  const pending = redoNotDone(dossier, materials);
  for (const m of materials) {
    const photos = photosOf(dossier, m.id);
    const count = `${photos.length}/${m.photos.max}`;
    const fresh = photos.filter((p) => isNewSinceReturn(dossier, p)).length;
    const marks = [
      fresh > 0 ? t(flow, 'newSinceReturn', lang, { n: fresh }) : '',
      pending.includes(m) ? t(flow, 'redoNotDone', lang) : '',
    ].filter(Boolean);
    lines.push(
      `📎 ${t(flow, 'labelValue', lang, { label: m.title[lang], value: count })} ${marks.join(' ')}`.trimEnd(),
    );
    lines.push(...reviewFindingLines(flow, photos, lang));
  }
  const names = differingNamesLine(flow, dossier.photos, lang);
  if (names) lines.push(names);
  if (applicant.dossier.feedback) lines.push('', `↩️ ${escapeHtml(applicant.dossier.feedback.text)}`);
  const stamp = submissionStamp(applicant);
  const id = applicant.userId;
  const buttons: Button[][] =
    applicant.dossier.state === 'submitted'
      ? [
          [
            {
              text: localize(flow.texts.approveButton, lang),
              data: toCallbackData({ kind: 'approve', applicant: id, stamp }),
            },
            {
              text: localize(flow.texts.returnButton, lang),
              data: toCallbackData({ kind: 'startReturn', applicant: id, stamp }),
            },
          ],
          [
            {
              text: localize(flow.texts.rejectButton, lang),
              data: toCallbackData({ kind: 'startReject', applicant: id, stamp }),
            },
          ],
        ]
      : [];
  return { html: lines.join('\n'), buttons };
}

/** The materials as toggles (✓ marked to redo), and Write feedback. */
export function redoView(
  flow: Flow,
  applicantId: number,
  materials: readonly ChecklistMaterial[],
  marked: readonly string[],
  lang: Lang = REVIEWER_LANG,
): View {
  return {
    html: t(flow, 'chooseRedo', lang),
    buttons: [
      ...materials.map((m) => [
        {
          text: `${marked.includes(m.id) ? '☑️' : '⬜'} ${m.title[lang]}`,
          data: toCallbackData({
            kind: 'toggleRedo',
            applicant: applicantId,
            material: materialIndex(flow, m.id),
          }),
        },
      ]),
      [
        {
          text: localize(flow.texts.writeFeedback, lang),
          data: toCallbackData({ kind: 'writeFeedback', applicant: applicantId }),
        },
      ],
    ],
  };
}

/**
 * A decision pressed on an out-of-date view: when the dossier was resubmitted since, say so and offer the
 * latest materials (it is waiting again, not decided); otherwise it was decided already.
 */
export function staleDecisionView(flow: Flow, applicant: Applicant | undefined, lang: Lang): View {
  const state = applicant ? stateLabel(flow, applicant.dossier.state, lang) : '-';
  if (applicant?.dossier.state !== 'submitted')
    return { html: t(flow, 'alreadyHandled', lang, { state }), buttons: [] };
  return {
    html: t(flow, 'resubmittedSince', lang, { state }),
    buttons: [
      [
        {
          text: localize(flow.texts.openLatest, lang),
          data: toCallbackData({ kind: 'openReview', applicant: applicant.userId }),
        },
      ],
    ],
  };
}
