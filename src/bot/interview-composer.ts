import { Composer, type Context, type Telegram } from 'telegraf';
import { answerInterview, currentInterview } from '../app/answer-interview.js';
import { openApplicant } from '../app/open-applicant.js';
import type { Applicant } from '../domain/applicant.js';
import { checklistOf, pendingQuestion } from '../domain/applicant-progress.js';
import { isEditable } from '../domain/dossier.js';
import type { Question } from '../domain/flow.js';
import type { InterviewInput, InterviewStep } from '../domain/interview-step.js';
import { type Lang, localize } from '../domain/text.js';
import type { ActionHandler, ActionHandlers, ActionOf } from './action-handler.js';
import type { BotDeps } from './bot-deps.js';
import type { ButtonPress } from './button-press.js';
import { answersView, changeMenuView, checklistView, questionView, t } from './render.js';
import { editView, fitsOneMessage, sendView } from './send-view.js';
import { langOf } from './update-lang.js';

export interface ContinueOptions {
  /** The press on the interview message: what comes next replaces its content. */
  readonly edit?: ButtonPress;
  /** HTML put before what comes next (a welcome), in the same message. */
  readonly preface?: string;
}

/**
 * Shows what comes next: the pending question, or the verdict and checklist when all is answered.
 * One message per step: a welcome rides on the first question, and the last answer's message turns into
 * the checklist, so a step costs one API call besides answering the button.
 */
export async function continueInterview(
  ctx: Context,
  deps: BotDeps,
  applicant: Applicant,
  options: ContinueOptions = {},
): Promise<void> {
  const { flow } = deps;
  const question = pendingQuestion(deps.flow, applicant);
  const next = question
    ? questionView(flow, applicant, question)
    : checklistView(flow, applicant, checklistOf(deps.flow, applicant), deps.clock.now());
  const view = options.preface ? { ...next, html: `${options.preface}\n\n${next.html}` } : next;
  const { edit } = options;
  if (edit === undefined) return sendView(ctx.telegram, applicant.chatId, view);
  if (fitsOneMessage(view)) return editView(ctx.telegram, edit, view);
  await editView(ctx.telegram, edit, answersView(flow, applicant));
  await sendView(ctx.telegram, applicant.chatId, view);
}

/**
 * Answers again an update whose change was stored but whose reply may never have been sent: the instance
 * that applied it died before Telegram had its 200, so another instance got it again and the stored stamp
 * refused to apply it twice. Telegram's sendMessage has no idempotency key, so between a question lost (the
 * applicant stuck, waiting) and one shown twice this picks the one the applicant can get past, and says so.
 * Only the applicant's own update is answered (a reviewer's press changes someone else's record).
 * @returns whether anything was sent
 */
export async function resendWhereYouAre(
  telegram: Telegram,
  deps: BotDeps,
  update: { readonly updateId: number; readonly userId: number; readonly chatId: number },
): Promise<boolean> {
  const applicant = await deps.applicants.get(update.userId);
  if (!applicant || applicant.chatId !== update.chatId) return false;
  if (!applicant.appliedUpdates?.includes(update.updateId)) return false;
  const { flow } = deps;
  const question = pendingQuestion(flow, applicant);
  const view = question
    ? questionView(flow, applicant, question)
    : checklistView(flow, applicant, checklistOf(flow, applicant), deps.clock.now());
  await sendView(telegram, applicant.chatId, {
    ...view,
    html: `${t(flow, 'resent', applicant.lang)}\n${view.html}`,
  });
  return true;
}

/** /start, /checklist, typed answers, and the interview's buttons. */
export function interviewComposer(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const { flow } = deps;

  composer.start(async (ctx) => {
    const { applicant, created } = await openApplicant(deps, ctx.from.id, ctx.chat.id);
    await continueInterview(ctx, deps, applicant, {
      preface: t(flow, created ? 'welcome' : 'welcomeBack', applicant.lang),
    });
  });

  composer.command('checklist', async (ctx) => {
    const { applicant } = await openApplicant(deps, ctx.from.id, ctx.chat.id);
    if (pendingQuestion(deps.flow, applicant))
      await ctx.reply(t(flow, 'checklistNotReady', applicant.lang), { parse_mode: 'HTML' });
    await continueInterview(ctx, deps, applicant);
  });

  composer.on('text', async (ctx, next) => {
    if (ctx.message.text.startsWith('/')) return next();
    await openApplicant(deps, ctx.from.id, ctx.chat.id);
    const step = await answerInterview(deps, ctx.from.id, { type: 'type', text: ctx.message.text });
    if (!step || (!step.ok && (step.reason === 'no_question' || step.reason === 'locked'))) return next();
    if (step.ok) return continueInterview(ctx, deps, step.applicant);
    const applicant = (await deps.applicants.get(ctx.from.id)) as Applicant;
    if (step.reason === 'stale' || !step.question) return continueInterview(ctx, deps, applicant);
    if (step.reason === 'use_buttons') {
      await ctx.reply(t(flow, 'useButtons', langOf(ctx)), { parse_mode: 'HTML' });
      await sendView(ctx.telegram, ctx.chat.id, questionView(flow, applicant, step.question));
      return;
    }
    await ctx.reply(invalidNumberText(deps, step.question, langOf(ctx)), { parse_mode: 'HTML' });
  });

  return composer;
}

/** "Type a number from {min} to {max}, e.g. 3" for a question asking a number. */
function invalidNumberText(deps: BotDeps, question: Question, lang: Lang): string {
  const def = deps.flow.facts[question.fact];
  const numeric = def?.type === 'number' || def?.type === 'integer';
  const min = numeric ? def.min : 0;
  const max = numeric ? def.max : 0;
  return t(deps.flow, 'invalidNumber', lang, { min, max, example: Math.min(max, Math.max(min, 3)) });
}

/** Answers a press that changed nothing: an out-of-date button, or a dossier whose answers are locked. */
async function refuseStep(ctx: Context, deps: BotDeps, step: InterviewStep | undefined): Promise<void> {
  const { texts } = deps.flow;
  if (step && !step.ok && step.reason === 'locked')
    await ctx.answerCbQuery(localize(texts.dossierLocked, langOf(ctx)), { show_alert: true });
  else await ctx.answerCbQuery(localize(texts.staleButton, langOf(ctx)));
}

/** A press that takes the interview one step: the pressed message turns into what comes next. */
function stepHandler<K extends 'answer' | 'back' | 'cancelEdit' | 'edit'>(
  toInput: (action: ActionOf<K>) => InterviewInput,
): ActionHandler<K> {
  return async (ctx, deps, action, press) => {
    const step = await answerInterview(deps, press.userId, toInput(action));
    if (!step?.ok) return refuseStep(ctx, deps, step);
    await ctx.answerCbQuery();
    if (step.effect.show === 'question')
      return editView(ctx.telegram, press, questionView(deps.flow, step.applicant, step.effect.question));
    await continueInterview(ctx, deps, step.applicant, { edit: press });
  };
}

/** The interview's buttons. */
export const interviewActions: ActionHandlers<'answer' | 'back' | 'changeMenu' | 'edit' | 'cancelEdit'> = {
  answer: stepHandler(({ revision, question, option }) => ({ type: 'choose', revision, question, option })),
  back: stepHandler(({ revision }) => ({ type: 'back', revision })),
  cancelEdit: stepHandler(({ revision }) => ({ type: 'cancelEdit', revision })),
  edit: stepHandler(({ revision, question }) => ({ type: 'edit', revision, question })),
  changeMenu: async (ctx, deps, action, press) => {
    const applicant = await currentInterview(deps, press.userId, action.revision);
    if (!applicant || !isEditable(applicant.dossier.state))
      return refuseStep(ctx, deps, applicant && { ok: false, reason: 'locked' });
    await ctx.answerCbQuery();
    await sendView(ctx.telegram, press.chatId, changeMenuView(deps.flow, applicant));
  },
};
