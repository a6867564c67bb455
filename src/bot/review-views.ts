import type { Applicant } from '../domain/applicant.js';
import type { ChecklistMaterial } from '../domain/checklist.js';
import type { FactValue } from '../domain/condition.js';
import { photosOf } from '../domain/dossier.js';
import type { Flow } from '../domain/flow.js';
import { relevantQuestions } from '../domain/interview.js';
import { submissionStamp } from '../domain/review-queue.js';
import { type Lang, localize } from '../domain/text.js';
import { toCallbackData } from './callback-data.js';
import { materialIndex } from './dossier-views.js';
import { escapeHtml } from './html.js';
import { answerLabel, type Button, stateLabel, t, type View } from './render.js';

/** Reviewers read the bot in Chinese: the exam office works in Chinese whatever the applicant chose. */
export const REVIEWER_LANG: Lang = 'zh';

/** Submitted dossiers, oldest first, each with category, counts and a button to open it. */
export function queueView(flow: Flow, queue: readonly Applicant[], now: Date): View {
  const lang = REVIEWER_LANG;
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

/** The applicant's answers and, per material, how many pictures, then the three decisions. */
export function reviewView(flow: Flow, applicant: Applicant, materials: readonly ChecklistMaterial[]): View {
  const lang = REVIEWER_LANG;
  const { questions } = relevantQuestions(flow, applicant.answers);
  const lines = [
    `<b>${t(flow, 'reviewHeading', lang, { id: applicant.userId, state: stateLabel(flow, applicant.dossier.state, lang) })}</b>`,
  ];
  for (const q of questions) {
    const value = applicant.answers[q.fact];
    if (value === undefined) continue;
    lines.push(
      `• ${escapeHtml(flow.facts[q.fact]?.label[lang] ?? q.fact)}：${escapeHtml(answerLabel(flow, q.fact, value as FactValue, lang))}`,
    );
  }
  lines.push('');
  for (const m of materials)
    lines.push(
      `📎 ${escapeHtml(m.title[lang])}: ${photosOf(applicant.dossier, m.id).length}/${m.photos.max}`,
    );
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
): View {
  const lang = REVIEWER_LANG;
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
