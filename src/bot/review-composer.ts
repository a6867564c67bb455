import { Composer, type Context } from 'telegraf';
import type { Applicant } from '../domain/applicant.js';
import { buildChecklist } from '../domain/checklist.js';
import { type DossierEvent, isNewSinceReturn, photosOf, transition } from '../domain/dossier.js';
import { relevantQuestions } from '../domain/interview.js';
import { reviewQueue, submissionStamp } from '../domain/review-queue.js';
import { type Lang, localize } from '../domain/text.js';
import type { BotDeps } from './bot-deps.js';
import type { ButtonPress } from './button-press.js';
import type { CallbackAction } from './callback-data.js';
import { materialAt } from './dossier-views.js';
import { escapeHtml } from './html.js';
import { stateLabel, t } from './render.js';
import { queueView, redoView, reviewView, staleDecisionView } from './review-views.js';
import { sendStoredPhotos } from './send-stored-photos.js';
import { editButtons, sendView } from './send-view.js';
import { langOf } from './update-lang.js';

const materialsOf = (deps: BotDeps, applicant: Applicant) =>
  buildChecklist(deps.flow, relevantQuestions(deps.flow, applicant.answers).facts).materials;

/**
 * The exam office's side: /queue, /review <applicant>, and the approve / return / reject buttons. Only the
 * users in REVIEWER_IDS get past the guard; everyone else is told the command is not for them. Photos are
 * identity documents: they are shown to reviewers only, from the normalised files on disk.
 */
export function reviewComposer(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const { flow } = deps;
  const isReviewer = (userId: number) => deps.reviewerIds.includes(userId);
  const refuse = (ctx: Context) => ctx.reply(localize(flow.texts.notReviewer, langOf(ctx)));

  composer.command('queue', async (ctx) => {
    if (!isReviewer(ctx.from.id)) return void (await refuse(ctx));
    const queue = reviewQueue(await deps.applicants.all());
    await sendView(ctx.telegram, ctx.chat.id, queueView(flow, queue, deps.clock.now(), langOf(ctx)));
  });

  composer.command('review', async (ctx) => {
    if (!isReviewer(ctx.from.id)) return void (await refuse(ctx));
    const id = Number(ctx.payload.trim().replace(/^#/, ''));
    if (!Number.isSafeInteger(id) || id <= 0)
      return void (await ctx.reply(localize(flow.texts.reviewUsage, langOf(ctx))));
    await openDossier(ctx, deps, ctx.chat.id, id);
  });

  // A reviewer who started a return or a rejection finishes it with their next text message.
  composer.on('text', async (ctx, next) => {
    if (!isReviewer(ctx.from.id) || ctx.message.text.startsWith('/')) return next();
    const pending = await deps.reviewers.pending(ctx.from.id);
    if (!pending) return next();
    await deps.reviewers.setPending(ctx.from.id, () => undefined);
    const text = ctx.message.text.trim().slice(0, 1000);
    const at = deps.clock.now().toISOString();
    const event: DossierEvent =
      pending.kind === 'return'
        ? { type: 'return', at, feedback: text, materials: pending.materials }
        : { type: 'reject', at, reason: text };
    await decide(ctx, deps, ctx.chat.id, pending.applicantId, pending.stamp, event);
  });

  return composer;
}

/**
 * Shows a reviewer one dossier: each material's pictures as albums of the stored files (captioned with the
 * material, pictures new since a return marked 🆕), then the answers, the counts and the decisions.
 */
async function openDossier(ctx: Context, deps: BotDeps, chatId: number, applicantId: number): Promise<void> {
  const { flow } = deps;
  const lang = langOf(ctx);
  const applicant = await deps.applicants.get(applicantId);
  if (!applicant) return void (await ctx.telegram.sendMessage(chatId, t(flow, 'reviewNotFound', lang)));
  const { dossier } = applicant;
  const materials = materialsOf(deps, applicant);
  for (const material of materials) {
    const photos = photosOf(dossier, material.id);
    const heading = t(flow, 'labelValue', lang, { label: material.title[lang], value: photos.length });
    await sendStoredPhotos(
      ctx.telegram,
      deps.photoFiles,
      chatId,
      photos.map((photo, i) => {
        const marks = [i === 0 ? heading : '', isNewSinceReturn(dossier, photo) ? '🆕' : ''];
        const caption = marks.filter(Boolean).join(' ');
        return caption ? { photo, caption } : { photo };
      }),
    );
  }
  await sendView(ctx.telegram, chatId, reviewView(flow, applicant, materials, lang));
}

/** Applies a reviewer's decision under the applicant's lock; the second of two reviewers sees it was handled. */
async function decide(
  ctx: Context,
  deps: BotDeps,
  chatId: number,
  applicantId: number,
  stamp: string,
  event: DossierEvent,
): Promise<void> {
  const { flow } = deps;
  const outcome = await deps.applicants.update<
    { ok: true; applicant: Applicant } | { ok: false; applicant: Applicant | undefined }
  >(applicantId, (current) => {
    if (!current || submissionStamp(current) !== stamp) return { result: { ok: false, applicant: current } };
    const moved = transition(current.dossier, event);
    if (!moved.ok) return { result: { ok: false, applicant: current } };
    const record = { ...current, dossier: moved.dossier, updatedAt: deps.clock.now().toISOString() };
    return { record, result: { ok: true, applicant: record } };
  });
  const lang = langOf(ctx);
  if (!outcome.ok) {
    await sendView(ctx.telegram, chatId, staleDecisionView(flow, outcome.applicant, lang));
    return;
  }
  const { applicant } = outcome;
  await deps.notifier.notify(alertFor(deps, applicant, event));
  const state = stateLabel(flow, applicant.dossier.state, lang);
  await ctx.telegram.sendMessage(chatId, t(flow, 'reviewDone', lang, { id: applicantId, state }), {
    parse_mode: 'HTML',
  });
}

/** What the applicant is told about a decision, in their language. */
function alertFor(deps: BotDeps, applicant: Applicant, event: DossierEvent) {
  const { flow } = deps;
  const { lang } = applicant;
  const lines: string[] = [];
  if (event.type === 'return') {
    lines.push(t(flow, 'alertReturned', lang, { feedback: event.feedback }));
    const titles = event.materials.map((id) => flow.materials[id]?.title[lang] ?? id);
    if (titles.length > 0) lines.push(t(flow, 'alertRedo', lang, { materials: titles.join('、') }));
    lines.push(t(flow, 'alertResubmit', lang));
  } else if (event.type === 'approve') {
    lines.push(t(flow, 'alertApproved', lang));
  } else if (event.type === 'reject') {
    lines.push(t(flow, 'alertRejected', lang, { reason: event.reason }));
    const phones = buildChecklist(flow, relevantQuestions(flow, applicant.answers).facts).helplines;
    lines.push(
      t(flow, 'helplineIntro', lang),
      ...phones.map((h) => `☎️ ${escapeHtml(h.label[lang])} ${h.phone}`),
    );
  }
  return {
    userId: applicant.userId,
    chatId: applicant.chatId,
    html: lines.join('\n'),
    reason: `review_${event.type}`,
    dedupeKey: `review:${event.type}:${applicant.userId}:${event.at}`,
  };
}

/** Handles the review buttons; returns false when the action is not one of them. */
export async function handleReviewAction(
  ctx: Context,
  deps: BotDeps,
  action: CallbackAction,
  press: ButtonPress,
): Promise<boolean> {
  const reviewActions = [
    'openReview',
    'approve',
    'startReturn',
    'toggleRedo',
    'writeFeedback',
    'startReject',
  ];
  if (!reviewActions.includes(action.kind)) return false;
  const { flow } = deps;
  const { chatId } = press;
  const lang: Lang = langOf(ctx);
  if (!deps.reviewerIds.includes(press.userId)) {
    await ctx.answerCbQuery(localize(flow.texts.notReviewer, lang), { show_alert: true });
    return true;
  }
  await ctx.answerCbQuery();
  switch (action.kind) {
    case 'openReview':
      await openDossier(ctx, deps, chatId, action.applicant);
      return true;
    case 'approve':
      await decide(ctx, deps, chatId, action.applicant, action.stamp, {
        type: 'approve',
        at: deps.clock.now().toISOString(),
      });
      return true;
    case 'startReturn':
    case 'startReject': {
      const applicant = await deps.applicants.get(action.applicant);
      if (applicant?.dossier.state !== 'submitted' || submissionStamp(applicant) !== action.stamp) {
        await sendView(ctx.telegram, chatId, staleDecisionView(flow, applicant, lang));
        return true;
      }
      const kind = action.kind === 'startReturn' ? 'return' : 'reject';
      await deps.reviewers.setPending(press.userId, () => ({
        kind,
        applicantId: action.applicant,
        stamp: action.stamp,
        materials: [],
      }));
      if (kind === 'return')
        await sendView(
          ctx.telegram,
          chatId,
          redoView(flow, action.applicant, materialsOf(deps, applicant), [], lang),
        );
      else
        await ctx.telegram.sendMessage(chatId, t(flow, 'rejectPrompt', lang), {
          parse_mode: 'HTML',
        });
      return true;
    }
    case 'toggleRedo': {
      const applicant = await deps.applicants.get(action.applicant);
      const material = applicant && materialAt(flow, materialsOf(deps, applicant), action.material);
      const pending = await deps.reviewers.setPending(press.userId, (current) => {
        if (!current || current.applicantId !== action.applicant || current.kind !== 'return' || !material)
          return current;
        const marked = current.materials.includes(material.id)
          ? current.materials.filter((id) => id !== material.id)
          : [...current.materials, material.id];
        return { ...current, materials: marked };
      });
      if (applicant && pending) {
        const view = redoView(flow, action.applicant, materialsOf(deps, applicant), pending.materials, lang);
        await editButtons(ctx.telegram, press, view.buttons);
      }
      return true;
    }
    case 'writeFeedback':
      await ctx.telegram.sendMessage(chatId, t(flow, 'feedbackPrompt', lang), {
        parse_mode: 'HTML',
      });
      return true;
    default:
      return false;
  }
}
