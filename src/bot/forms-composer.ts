import { Composer, type Context, type Telegram } from 'telegraf';
import { type FormsDeps, fillFormDetails, printApplicantForms } from '../app/fill-forms.js';
import { openApplicant } from '../app/open-applicant.js';
import type { Applicant } from '../domain/applicant.js';
import { pendingQuestion } from '../domain/applicant-progress.js';
import { FORM_FILL_FIELDS, type FormFillField } from '../domain/form-fill.js';
import {
  FIELD_CHOICES,
  FIELD_PROMPTS,
  type FillInput,
  type FillStep,
  fieldsToFill,
} from '../domain/form-questions.js';
import type { Lang } from '../domain/text.js';
import type { ActionHandler, ActionHandlers } from './action-handler.js';
import type { BotDeps } from './bot-deps.js';
import type { ButtonPress } from './button-press.js';
import { continueInterview } from './interview-composer.js';
import { button, t, type View } from './render.js';
import { clearButtons, sendView } from './send-view.js';
import { langOf } from './update-lang.js';

/**
 * /forms: the PDFs of the attached forms in the applicant's checklist, and the short, skippable questions that
 * fill the candidate's part first. Typed answers reach this composer only once the interview has let them pass.
 */
export function formsComposer(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.command('forms', async (ctx) => {
    const { applicant } = await openApplicant(deps, ctx.from.id, ctx.chat.id);
    if (!pendingQuestion(deps.flow, applicant))
      return sendForms(ctx.telegram, deps, ctx.from.id, ctx.chat.id, applicant.lang);
    // Like /checklist: the forms come from the checklist, so finish the questions first.
    await ctx.reply(t(deps.flow, 'checklistNotReady', applicant.lang), { parse_mode: 'HTML' });
    await continueInterview(ctx, deps, applicant);
  });
  composer.on('text', async (ctx, next) => {
    if (ctx.message.text.startsWith('/')) return next();
    const step = await fillFormDetails(deps, ctx.from.id, { type: 'type', text: ctx.message.text });
    if (!step || (!step.ok && step.reason === 'not_filling')) return next();
    await showStep(ctx.telegram, deps, ctx.chat.id, langOf(ctx), step);
  });
  return composer;
}

/** Sends the forms, filled with what the applicant gave, then offers to fill (or change) their details. */
async function sendForms(telegram: Telegram, deps: FormsDeps, userId: number, chatId: number, lang: Lang) {
  const { flow } = deps;
  const say = (html: string) => telegram.sendMessage(chatId, html, { parse_mode: 'HTML' });
  const outcome = await printApplicantForms(deps, userId);
  if (outcome.kind !== 'forms')
    return void (await say(t(flow, outcome.kind === 'none' ? 'formsNone' : 'checklistNotReady', lang)));
  await say(t(flow, 'formsIntro', lang, { count: outcome.copies.length }));
  for (const copy of outcome.copies) {
    if (copy.pdf === undefined) {
      const vars = { name: copy.form.name[lang], instruction: copy.form.instruction[lang] };
      await say(t(flow, 'formsNotPrintable', lang, vars));
      continue;
    }
    await telegram.sendDocument(
      chatId,
      { source: Buffer.from(copy.pdf), filename: copy.fileName },
      { caption: copy.form.name[lang], disable_content_type_detection: true },
    );
  }
  if (!outcome.fillable) return;
  const label = t(flow, outcome.filled ? 'refillButton' : 'fillButton', lang);
  await sendView(telegram, chatId, {
    html: t(flow, 'fillOffer', lang),
    buttons: [[button(label, { kind: 'fillForms' })]],
  });
}

/** The question of one field: where it is in the list, what is filled now, choices, Skip and Done. */
function fillQuestionView(deps: BotDeps, applicant: Applicant, field: FormFillField, lang: Lang): View {
  const { flow } = deps;
  const fields = fieldsToFill(flow, applicant);
  const prompt = t(flow, FIELD_PROMPTS[field], lang);
  const lines = [t(flow, 'fillAsk', lang, { n: fields.indexOf(field) + 1, total: fields.length, prompt })];
  const current = applicant.formFill?.[field];
  if (current !== undefined) lines.push(t(flow, 'fillCurrent', lang, { value: String(current) }));
  const index = FORM_FILL_FIELDS.indexOf(field);
  const choices = (FIELD_CHOICES[field] ?? []).map((text, choice) =>
    button(text, { kind: 'chooseFill', field: index, choice }),
  );
  return {
    html: lines.join('\n'),
    buttons: [
      ...(choices.length > 0 ? [choices] : []),
      [
        button(t(flow, 'skipButton', lang), { kind: 'skipFill', field: index }),
        button(t(flow, 'fillStopButton', lang), { kind: 'stopFill' }),
      ],
    ],
  };
}

/** What a step of filling shows: the next question, the refusal and the same question again, or the forms. */
async function showStep(telegram: Telegram, deps: BotDeps, chatId: number, lang: Lang, step: FillStep) {
  const { flow } = deps;
  if (!step.ok) {
    if (step.reason !== 'invalid') return;
    const problem = t(flow, step.problem.text, lang, step.problem.vars);
    await telegram.sendMessage(chatId, problem, { parse_mode: 'HTML' });
    return sendView(telegram, chatId, fillQuestionView(deps, step.applicant, step.asking, lang));
  }
  if (step.asking)
    return sendView(telegram, chatId, fillQuestionView(deps, step.applicant, step.asking, lang));
  await telegram.sendMessage(chatId, `${t(flow, 'fillDone', lang)}\n${t(flow, 'fillSaved', lang)}`, {
    parse_mode: 'HTML',
  });
  await sendForms(telegram, deps, step.applicant.userId, chatId, lang);
}

/** A press that takes the filling one step; the pressed question loses its buttons, so it cannot be pressed twice. */
function fillHandler<K extends 'fillForms' | 'skipFill' | 'chooseFill' | 'stopFill'>(
  toInput: (action: Parameters<ActionHandler<K>>[2]) => FillInput | undefined,
): ActionHandler<K> {
  return async (ctx, deps, action, press: ButtonPress) => {
    const input = toInput(action);
    const step = input && (await fillFormDetails(deps, press.userId, input));
    const lang = langOf(ctx);
    if (!step || (!step.ok && step.reason !== 'invalid')) {
      const none = step && !step.ok && step.reason === 'none';
      return void (await ctx.answerCbQuery(t(deps.flow, none ? 'formsNone' : 'staleButton', lang)));
    }
    await ctx.answerCbQuery();
    if (input.type !== 'start') await clearButtons(ctx.telegram, press);
    await showStep(ctx.telegram, deps, press.chatId, lang, step);
  };
}

const fieldAt = (index: number): FormFillField | undefined => FORM_FILL_FIELDS[index];

export const formsActions: ActionHandlers<'forms' | 'fillForms' | 'skipFill' | 'chooseFill' | 'stopFill'> = {
  forms: async (ctx, deps, _action, press) => {
    await ctx.answerCbQuery();
    await sendForms(ctx.telegram, deps, press.userId, press.chatId, langOf(ctx));
  },
  fillForms: fillHandler(() => ({ type: 'start' })),
  skipFill: fillHandler(({ field }) => {
    const name = fieldAt(field);
    return name && { type: 'skip', field: name };
  }),
  chooseFill: fillHandler(({ field, choice }) => {
    const name = fieldAt(field);
    return name && { type: 'choose', field: name, choice };
  }),
  stopFill: fillHandler(() => ({ type: 'stop' })),
};
