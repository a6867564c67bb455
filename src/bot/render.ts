import type { Applicant } from '../domain/applicant.js';
import type { Checklist, ChecklistMaterial } from '../domain/checklist.js';
import { answerLabel, checklistHeading, photoCountText } from '../domain/checklist-text.js';
import type { FactValue } from '../domain/condition.js';
import { type DossierState, photosOf } from '../domain/dossier.js';
import type { Flow, Question, TextKey } from '../domain/flow.js';
import { choicesOf, relevantQuestions } from '../domain/interview.js';
import { windowText } from '../domain/review-window.js';
import { type Lang, localize } from '../domain/text.js';
import { type CallbackAction, toCallbackData } from './callback-data.js';
import { escapeHtml } from './html.js';

export interface Button {
  readonly text: string;
  readonly data: string;
}

/** A message as the bot layer sends it: HTML text and inline buttons, free of telegraf types. */
export interface View {
  readonly html: string;
  readonly buttons: readonly (readonly Button[])[];
}

export const button = (text: string, action: CallbackAction): Button => ({
  text,
  data: toCallbackData(action),
});

/** Text of one flow key in the applicant's language, HTML-escaped. */
export function t(flow: Flow, key: TextKey, lang: Lang, vars?: Record<string, string | number>): string {
  return escapeHtml(localize(flow.texts[key], lang, vars));
}

export { answerLabel };

/** "label：value" in Chinese, "label: value" in English, HTML-escaped. */
export function labelValue(flow: Flow, lang: Lang, label: string, value: string | number): string {
  return t(flow, 'labelValue', lang, { label, value });
}

function questionHeading(flow: Flow, applicant: Applicant, question: Question): string {
  const { questions } = relevantQuestions(flow, applicant.answers);
  const n = questions.findIndex((q) => q.fact === question.fact) + 1;
  return `<b>${t(flow, 'questionNumber', applicant.lang, { n: Math.max(n, 1) })}</b> ${escapeHtml(question.text[applicant.lang])}`;
}

/** One line per answered question that still matters: "✔ 报考类别：执业医师". */
function answeredLines(flow: Flow, applicant: Applicant, except?: string): string[] {
  const { lang } = applicant;
  return relevantQuestions(flow, applicant.answers)
    .questions.filter((q) => q.fact !== except && applicant.answers[q.fact] !== undefined)
    .map((q) => {
      const label = flow.facts[q.fact]?.label[lang] ?? q.fact;
      const value = answerLabel(flow, q.fact, applicant.answers[q.fact] as FactValue, lang);
      return `✔ ${labelValue(flow, lang, label, value)}`;
    });
}

/**
 * The interview message: the answers so far, then the question with its answer buttons (or the hint to type
 * a number), and Back (or Cancel while changing an answer). The bot edits this one message from question to
 * question, so the chat stays short and each answer costs one edit instead of an edit and a new message.
 */
export function questionView(flow: Flow, applicant: Applicant, question: Question): View {
  const { lang, revision } = applicant;
  const def = flow.facts[question.fact];
  const index = flow.questions.indexOf(question);
  const choices = def ? choicesOf(def) : undefined;
  const answered = answeredLines(flow, applicant, question.fact);
  const lines = [
    ...answered,
    ...(answered.length > 0 ? [''] : []),
    questionHeading(flow, applicant, question),
  ];
  const rows: Button[][] = [];
  if (choices) {
    const labels = choices.map((value) => answerLabel(flow, question.fact, value, lang));
    const buttons = labels.map((label, option) =>
      button(label, { kind: 'answer', revision, question: index, option }),
    );
    const perRow = labels.every((l) => l.length <= 6) ? 2 : 1;
    for (let i = 0; i < buttons.length; i += perRow) rows.push(buttons.slice(i, i + perRow));
  } else if (def && (def.type === 'number' || def.type === 'integer')) {
    lines.push(t(flow, 'typeNumber', lang, { min: def.min, max: def.max }));
  }
  if (applicant.editing) rows.push([button(t(flow, 'cancel', lang), { kind: 'cancelEdit', revision })]);
  else if (Object.keys(applicant.answers).length > 0)
    rows.push([button(t(flow, 'back', lang), { kind: 'back', revision })]);
  return { html: lines.join('\n'), buttons: rows };
}

/** The interview message once every question is answered: the answers, no buttons. */
export function answersView(flow: Flow, applicant: Applicant): View {
  return {
    html: `<b>${t(flow, 'statusHeading', applicant.lang)}</b>\n${answeredLines(flow, applicant).join('\n')}`,
    buttons: [],
  };
}

/**
 * The verdict and checklist, with the deadline and the helpline, and buttons to upload, to get the accepted
 * pictures back as files (once there are any), to change or restart.
 */
export function checklistView(flow: Flow, applicant: Applicant, checklist: Checklist, now: Date): View {
  const { lang, revision } = applicant;
  const blocks: string[] = [];
  const heading = checklistHeading(flow, checklist, relevantQuestions(flow, applicant.answers).facts, lang);
  if (heading) blocks.push(`<b>${escapeHtml(heading)}</b>`);
  if (checklist.eligible) {
    blocks.push(`✅ ${t(flow, 'eligible', lang)}`);
    const items = checklist.materials.map((m, i) => {
      const count = [escapeHtml(photoCountText(flow, m, lang))];
      if (m.copies > 1) count.unshift(t(flow, 'copies', lang, { copies: m.copies }));
      const lines = [`${i + 1}. <b>${escapeHtml(m.title[lang])}</b> — ${count.join('，')}`];
      if (m.accepts) lines.push(`   · ${escapeHtml(m.accepts[lang])}`);
      for (const shot of m.shots) lines.push(`   · ${escapeHtml(shot[lang])}`);
      if (m.note) lines.push(`   · ${escapeHtml(m.note[lang])}`);
      if (m.form)
        lines.push(`   🖨 ${labelValue(flow, lang, localize(flow.texts.printForm, lang), m.form.name[lang])}`);
      if (m.warning) lines.push(`   ⚠️ ${escapeHtml(m.warning[lang])}`);
      return lines.join('\n');
    });
    blocks.push(`<b>${t(flow, 'materialsHeading', lang)}</b>\n${items.join('\n')}`);
    if (checklist.notes.length > 0) {
      blocks.push(
        `<b>${t(flow, 'notesHeading', lang)}</b>\n${checklist.notes.map((n) => `• ${escapeHtml(n[lang])}`).join('\n')}`,
      );
    }
    blocks.push(`ℹ️ ${escapeHtml(flow.upload.rules[lang])}`);
  } else {
    blocks.push(`❌ ${t(flow, 'ineligible', lang)}`);
    blocks.push(
      `<b>${t(flow, 'reasonsHeading', lang)}</b>\n${checklist.reasons.map((r) => `• ${escapeHtml(r[lang])}`).join('\n')}`,
    );
  }
  blocks.push(`⏰ ${escapeHtml(windowText(flow, now, lang))}`);
  const phones = checklist.helplines.map(
    (h) => `☎️ ${escapeHtml(localize(flow.texts.helpline, lang, { label: h.label[lang], phone: h.phone }))}`,
  );
  blocks.push(
    checklist.eligible ? phones.join('\n') : `${t(flow, 'helplineIntro', lang)}\n${phones.join('\n')}`,
  );
  return {
    html: blocks.join('\n\n'),
    buttons: [
      ...(checklist.eligible
        ? [[button(localize(flow.texts.uploadButton, lang), { kind: 'materials' })]]
        : []),
      ...(checklist.eligible && applicant.dossier.photos.length > 0
        ? [[button(localize(flow.texts.filesButton, lang), { kind: 'files' })]]
        : []),
      ...(checklist.eligible && checklist.materials.some((m) => m.form)
        ? [[button(localize(flow.texts.formsButton, lang), { kind: 'forms' })]]
        : []),
      [
        button(t(flow, 'changeAnswer', lang), { kind: 'changeMenu', revision }),
        button(t(flow, 'restart', lang), { kind: 'resetAsk' }),
      ],
    ],
  };
}

/** The answered questions as buttons, to pick one to change. */
export function changeMenuView(flow: Flow, applicant: Applicant): View {
  const { lang, revision } = applicant;
  const rows = relevantQuestions(flow, applicant.answers)
    .questions.filter((q) => applicant.answers[q.fact] !== undefined)
    .map((q) => {
      const label = flow.facts[q.fact]?.label[lang] ?? q.fact;
      const value = answerLabel(flow, q.fact, applicant.answers[q.fact] as FactValue, lang);
      return [
        button(truncate(localize(flow.texts.labelValue, lang, { label, value }), 48), {
          kind: 'edit',
          revision,
          question: flow.questions.indexOf(q),
        }),
      ];
    });
  return { html: t(flow, 'chooseAnswerToChange', lang), buttons: rows };
}

const STATE_KEYS: Record<DossierState, TextKey> = {
  draft: 'stateDraft',
  submitted: 'stateSubmitted',
  returned: 'stateReturned',
  approved: 'stateApproved',
  rejected: 'stateRejected',
};

/** A dossier state as the applicant or reviewer reads it. */
export function stateLabel(flow: Flow, state: DossierState, lang: Lang): string {
  return localize(flow.texts[STATE_KEYS[state]], lang);
}

/** The applicant's answers, progress, dossier state and deadline. */
export function statusView(
  flow: Flow,
  applicant: Applicant,
  complete: boolean,
  now: Date,
  materials: readonly ChecklistMaterial[] = [],
): View {
  const { lang } = applicant;
  const { questions } = relevantQuestions(flow, applicant.answers);
  const answered = questions.filter((q) => applicant.answers[q.fact] !== undefined);
  const lines =
    answered.length === 0
      ? [t(flow, 'statusNone', lang)]
      : [
          `<b>${t(flow, 'statusHeading', lang)}</b>`,
          ...answered.map((q) => {
            const label = flow.facts[q.fact]?.label[lang] ?? q.fact;
            const value = answerLabel(flow, q.fact, applicant.answers[q.fact] as FactValue, lang);
            return `• ${labelValue(flow, lang, label, value)}`;
          }),
          '',
          complete ? t(flow, nextStepKey(applicant), lang) : t(flow, 'statusProgress', lang),
        ];
  const state = localize(flow.texts[STATE_KEYS[applicant.dossier.state]], lang);
  lines.push(t(flow, 'dossierState', lang, { state }));
  const { feedback } = applicant.dossier;
  if (applicant.dossier.state === 'returned' && feedback) lines.push(`↩️ ${escapeHtml(feedback.text)}`);
  for (const m of materials) {
    const have = photosOf(applicant.dossier, m.id).length;
    lines.push(`${have >= m.photos.min ? '✅' : '⬜'} ${escapeHtml(m.title[lang])} ${have}/${m.photos.max}`);
  }
  lines.push(`⏰ ${escapeHtml(windowText(flow, now, lang))}`);
  return { html: lines.join('\n'), buttons: [] };
}

/**
 * What the applicant does next once the interview is done, by the dossier's state: get the checklist and
 * upload (draft), wait (submitted), follow the feedback and resubmit (returned), nothing (decided).
 */
export function nextStepKey(applicant: Applicant): TextKey {
  const NEXT: Record<DossierState, TextKey> = {
    draft: 'statusComplete',
    submitted: 'alreadySubmitted',
    returned: 'alertResubmit',
    approved: 'alertApproved',
    rejected: 'dossierClosed',
  };
  return NEXT[applicant.dossier.state];
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
