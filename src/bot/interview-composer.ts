import { Composer, type Context } from 'telegraf';
import type { Applicant } from '../domain/applicant.js';
import type { FactValue } from '../domain/condition.js';
import { isEditable } from '../domain/dossier.js';
import { answerQuestion, choicesOf, goBack, parseTypedNumber } from '../domain/interview.js';
import { localize } from '../domain/text.js';
import { checklistOf, loadOrCreate, pendingQuestion, revised } from './applicant-record.js';
import type { BotDeps } from './bot-deps.js';
import type { ButtonPress } from './button-press.js';
import type { CallbackAction } from './callback-data.js';
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
  const question = pendingQuestion(deps, applicant);
  const next = question
    ? questionView(flow, applicant, question)
    : checklistView(flow, applicant, checklistOf(deps, applicant), deps.clock.now());
  const view = options.preface ? { ...next, html: `${options.preface}\n\n${next.html}` } : next;
  const { edit } = options;
  if (edit === undefined) return sendView(ctx.telegram, applicant.chatId, view);
  if (fitsOneMessage(view)) return editView(ctx.telegram, edit, view);
  await editView(ctx.telegram, edit, answersView(flow, applicant));
  await sendView(ctx.telegram, applicant.chatId, view);
}

type AnswerOutcome =
  | { kind: 'answered'; applicant: Applicant; value: FactValue; questionIndex: number }
  | { kind: 'stale' | 'invalid' | 'not_number' };

/** Records one answer under the applicant's lock; `expectRevision` guards against stale buttons. */
function recordAnswer(
  deps: BotDeps,
  userId: number,
  pick: (applicant: Applicant) => { questionIndex: number; value: unknown } | 'stale' | 'not_number',
  expectRevision?: number,
): Promise<AnswerOutcome> {
  return deps.applicants.update<AnswerOutcome>(userId, (current) => {
    if (!current || (expectRevision !== undefined && current.revision !== expectRevision))
      return { result: { kind: 'stale' } };
    if (!isEditable(current.dossier.state)) return { result: { kind: 'stale' } };
    const picked = pick(current);
    if (picked === 'stale' || picked === 'not_number') return { result: { kind: picked } };
    const question = deps.flow.questions[picked.questionIndex];
    const pending = pendingQuestion(deps, current);
    if (!question || pending?.fact !== question.fact) return { result: { kind: 'stale' } };
    const answered = answerQuestion(deps.flow, current.answers, question.fact, picked.value);
    if (!answered.ok) return { result: { kind: answered.reason === 'not_asked' ? 'stale' : 'invalid' } };
    const record = revised(deps, current, { answers: answered.answers, editing: undefined });
    return {
      record,
      result: {
        kind: 'answered',
        applicant: record,
        value: picked.value as FactValue,
        questionIndex: picked.questionIndex,
      },
    };
  });
}

/** /start, /checklist, typed answers, and the interview's buttons. */
export function interviewComposer(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const { flow } = deps;

  composer.start(async (ctx) => {
    const { applicant, created } = await loadOrCreate(deps, ctx.from.id, ctx.chat.id);
    await continueInterview(ctx, deps, applicant, {
      preface: t(flow, created ? 'welcome' : 'welcomeBack', applicant.lang),
    });
  });

  composer.command('checklist', async (ctx) => {
    const { applicant } = await loadOrCreate(deps, ctx.from.id, ctx.chat.id);
    if (pendingQuestion(deps, applicant))
      await ctx.reply(t(flow, 'checklistNotReady', applicant.lang), { parse_mode: 'HTML' });
    await continueInterview(ctx, deps, applicant);
  });

  composer.on('text', async (ctx, next) => {
    if (ctx.message.text.startsWith('/')) return next();
    const { applicant } = await loadOrCreate(deps, ctx.from.id, ctx.chat.id);
    const question = pendingQuestion(deps, applicant);
    const def = question && flow.facts[question.fact];
    if (!question || !def) return next();
    const lang = applicant.lang;
    if (choicesOf(def)) {
      await ctx.reply(t(flow, 'useButtons', lang), { parse_mode: 'HTML' });
      await sendView(ctx.telegram, ctx.chat.id, questionView(flow, applicant, question));
      return;
    }
    const typed = parseTypedNumber(ctx.message.text);
    const outcome = await recordAnswer(deps, ctx.from.id, (current) => {
      const now = pendingQuestion(deps, current);
      if (!now || now.fact !== question.fact) return 'stale';
      return typed === undefined
        ? 'not_number'
        : { questionIndex: flow.questions.indexOf(question), value: typed };
    });
    if (outcome.kind === 'answered') return continueInterview(ctx, deps, outcome.applicant);
    if (outcome.kind === 'stale')
      return continueInterview(ctx, deps, (await loadOrCreate(deps, ctx.from.id, ctx.chat.id)).applicant);
    const min = def.type === 'number' || def.type === 'integer' ? def.min : 0;
    const max = def.type === 'number' || def.type === 'integer' ? def.max : 0;
    await ctx.reply(t(flow, 'invalidNumber', lang, { min, max, example: Math.min(max, Math.max(min, 3)) }), {
      parse_mode: 'HTML',
    });
  });

  return composer;
}

/** Handles the interview's callback actions; returns false when the action is not one of them. */
export async function handleInterviewAction(
  ctx: Context,
  deps: BotDeps,
  action: CallbackAction,
  press: ButtonPress,
): Promise<boolean> {
  const { flow } = deps;
  const { chatId } = press;
  const stale = async () => {
    await ctx.answerCbQuery(localize(flow.texts.staleButton, langOf(ctx)));
  };
  const interviewActions = ['answer', 'back', 'changeMenu', 'edit', 'cancelEdit'];
  if (!interviewActions.includes(action.kind)) return false;
  // Answers decide the checklist, so they are locked with the dossier (submitted, approved, rejected).
  const before = await deps.applicants.get(press.userId);
  if (before && !isEditable(before.dossier.state)) {
    await ctx.answerCbQuery(localize(flow.texts.dossierLocked, before.lang), { show_alert: true });
    return true;
  }

  switch (action.kind) {
    case 'answer': {
      const outcome = await recordAnswer(
        deps,
        press.userId,
        () => {
          const question = flow.questions[action.question];
          const def = question && flow.facts[question.fact];
          const value = def && choicesOf(def)?.[action.option];
          return value === undefined ? 'stale' : { questionIndex: action.question, value };
        },
        action.revision,
      );
      if (outcome.kind !== 'answered') {
        await stale();
        return true;
      }
      await ctx.answerCbQuery();
      await continueInterview(ctx, deps, outcome.applicant, { edit: press });
      return true;
    }
    case 'back':
    case 'cancelEdit': {
      const updated = await deps.applicants.update(press.userId, (current) => {
        if (!current || current.revision !== action.revision) return { result: undefined };
        const answers = action.kind === 'back' ? goBack(flow, current.answers) : current.answers;
        const record = revised(deps, current, { answers, editing: undefined });
        return { record, result: record };
      });
      if (!updated) {
        await stale();
        return true;
      }
      await ctx.answerCbQuery();
      await continueInterview(ctx, deps, updated, { edit: press });
      return true;
    }
    case 'changeMenu': {
      const applicant = await deps.applicants.get(press.userId);
      if (!applicant || applicant.revision !== action.revision) {
        await stale();
        return true;
      }
      await ctx.answerCbQuery();
      await sendView(ctx.telegram, chatId, changeMenuView(flow, applicant));
      return true;
    }
    case 'edit': {
      const question = flow.questions[action.question];
      const updated = await deps.applicants.update(press.userId, (current) => {
        if (
          !current ||
          current.revision !== action.revision ||
          !question ||
          current.answers[question.fact] === undefined
        ) {
          return { result: undefined };
        }
        const record = revised(deps, current, { editing: question.fact });
        return { record, result: record };
      });
      if (!updated || !question) {
        await stale();
        return true;
      }
      await ctx.answerCbQuery();
      await editView(ctx.telegram, press, questionView(flow, updated, question));
      return true;
    }
    default:
      return false;
  }
}
