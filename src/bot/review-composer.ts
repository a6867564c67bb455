import { Composer, type Context } from 'telegraf';
import { type DecideOutcome, decideDossier } from '../app/decide-dossier.js';
import { listReviewQueue } from '../app/list-review-queue.js';
import { finishDecision, startDecision, toggleRedo } from '../app/review-in-progress.js';
import { checklistOf } from '../domain/applicant-progress.js';
import { isNewSinceReturn, photosOf } from '../domain/dossier.js';
import { REVIEWER_DIGEST_SLOT_MINUTES } from '../domain/reminder-config.js';
import { escapeHtml, localize } from '../domain/text.js';
import type { ActionHandler, ActionHandlers, ActionOf } from './action-handler.js';
import type { BotDeps } from './bot-deps.js';
import { stateLabel, t } from './render.js';
import { queueView, redoView, reviewView, staleDecisionView } from './review-views.js';
import { sendStoredPhotos } from './send-stored-photos.js';
import { editButtons, sendView } from './send-view.js';
import { langOf } from './update-lang.js';

/**
 * The exam office's side: /start (what a reviewer can do), /queue, /review <applicant>, and the text that
 * finishes a return or a rejection. Only the users in REVIEWER_IDS get in; everyone else's /queue and
 * /review are told they are not for them. It runs before the interview, so a reviewer cannot take the
 * interview with the same account (the exam office tests it with another one). Pictures are identity
 * documents: they are shown to reviewers only.
 */
export function reviewComposer(deps: BotDeps): Composer<Context> {
  const { flow } = deps;
  // Everything a reviewer can do, behind one check; everyone else's /queue and /review are refused below.
  const reviewers = new Composer<Context>();

  reviewers.start(async (ctx) => {
    const { from, to } = flow.reminders.reviewerHours;
    const vars = { from, to, minutes: REVIEWER_DIGEST_SLOT_MINUTES };
    await ctx.reply(t(flow, 'reviewerStart', langOf(ctx), vars), { parse_mode: 'HTML' });
  });

  reviewers.command('queue', async (ctx) => {
    const queue = await listReviewQueue(deps);
    await sendView(ctx.telegram, ctx.chat.id, queueView(flow, queue, deps.clock.now(), langOf(ctx)));
  });

  reviewers.command('review', async (ctx) => {
    const id = Number(ctx.payload.trim().replace(/^#/, ''));
    if (!Number.isSafeInteger(id) || id <= 0)
      return void (await ctx.reply(localize(flow.texts.reviewUsage, langOf(ctx))));
    await openDossier(ctx, deps, ctx.chat.id, id);
  });

  // A one-time link to the web console; sent without a preview, so Telegram's link fetcher never opens it.
  reviewers.command('console', async (ctx) => {
    const lang = langOf(ctx);
    const link = await deps.consoleSignIn?.linkFor(ctx.from.id);
    if (!deps.consoleSignIn || !link) return void (await ctx.reply(t(flow, 'consoleOff', lang)));
    const intro = t(flow, 'consoleLink', lang, { minutes: deps.consoleSignIn.linkMinutes });
    const anchor = `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`;
    await ctx.reply(`${intro}\n${anchor}`, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
  });

  // A reviewer who started a return or a rejection finishes it with their next text message.
  reviewers.on('text', async (ctx, next) => {
    if (ctx.message.text.startsWith('/')) return next();
    const outcome = await finishDecision(deps, ctx.from.id, ctx.message.text);
    if (!outcome) return next();
    await tellDecision(ctx, deps, ctx.chat.id, outcome);
  });

  const composer = new Composer<Context>();
  composer.use(
    Composer.optional((ctx) => ctx.from !== undefined && deps.reviewerIds.includes(ctx.from.id), reviewers),
  );
  composer.command(['queue', 'review', 'console'], (ctx) =>
    ctx.reply(localize(flow.texts.notReviewer, langOf(ctx))),
  );
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
  const materials = checklistOf(flow, applicant).materials;
  for (const material of materials) {
    const photos = photosOf(dossier, material.id);
    const heading = t(flow, 'labelValue', lang, { label: material.title[lang], value: photos.length });
    await sendStoredPhotos(
      ctx.telegram,
      deps.pictures,
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

/** Tells the reviewer how their decision went: done, or that the dossier moved on since they saw it. */
async function tellDecision(
  ctx: Context,
  deps: BotDeps,
  chatId: number,
  outcome: DecideOutcome & { readonly applicantId: number },
): Promise<void> {
  const lang = langOf(ctx);
  if (!outcome.ok)
    return sendView(ctx.telegram, chatId, staleDecisionView(deps.flow, outcome.applicant, lang));
  const state = stateLabel(deps.flow, outcome.applicant.dossier.state, lang);
  const done = t(deps.flow, 'reviewDone', lang, { id: outcome.applicantId, state });
  await ctx.telegram.sendMessage(chatId, done, { parse_mode: 'HTML' });
}

type ReviewKind = 'openReview' | 'approve' | 'startReturn' | 'toggleRedo' | 'writeFeedback' | 'startReject';

/** A review button's handler that runs for reviewers only: everyone else is told it is not for them. */
function reviewerOnly<K extends ReviewKind>(handle: ActionHandler<K>): ActionHandler<K> {
  return async (ctx, deps, action, press) => {
    if (!deps.reviewerIds.includes(press.userId))
      return void (await ctx.answerCbQuery(localize(deps.flow.texts.notReviewer, langOf(ctx)), {
        show_alert: true,
      }));
    await ctx.answerCbQuery();
    await handle(ctx, deps, action, press);
  };
}

/** Starts a return (the materials to redo come next) or a rejection (the reason comes as text). */
function startDecisionHandler<K extends 'startReturn' | 'startReject'>(
  kind: 'return' | 'reject',
): ActionHandler<K> {
  return async (ctx, deps, pressed, press) => {
    const { flow } = deps;
    const lang = langOf(ctx);
    // Both kinds carry the same fields; TypeScript cannot see through ActionOf<K> for a generic K.
    const action = pressed as ActionOf<'startReturn' | 'startReject'>;
    const started = await startDecision(deps, press.userId, {
      kind,
      applicantId: action.applicant,
      stamp: action.stamp,
    });
    if (!started.ok)
      return sendView(ctx.telegram, press.chatId, staleDecisionView(flow, started.applicant, lang));
    if (kind === 'return')
      return sendView(
        ctx.telegram,
        press.chatId,
        redoView(flow, action.applicant, started.materials, [], lang),
      );
    await ctx.telegram.sendMessage(press.chatId, t(flow, 'rejectPrompt', lang), { parse_mode: 'HTML' });
  };
}

/** The exam office's buttons. */
export const reviewActions: ActionHandlers<ReviewKind> = {
  openReview: reviewerOnly(async (ctx, deps, action, press) =>
    openDossier(ctx, deps, press.chatId, action.applicant),
  ),
  approve: reviewerOnly(async (ctx, deps, action, press) => {
    const outcome = await decideDossier(deps, action.applicant, action.stamp, { type: 'approve' });
    await tellDecision(ctx, deps, press.chatId, { ...outcome, applicantId: action.applicant });
  }),
  startReturn: reviewerOnly(startDecisionHandler<'startReturn'>('return')),
  startReject: reviewerOnly(startDecisionHandler<'startReject'>('reject')),
  toggleRedo: reviewerOnly(async (ctx, deps, action, press) => {
    const materialId = Object.keys(deps.flow.materials)[action.material] ?? '';
    const toggled = await toggleRedo(deps, press.userId, action.applicant, materialId);
    if (!toggled) return;
    const view = redoView(deps.flow, action.applicant, toggled.materials, toggled.marked, langOf(ctx));
    await editButtons(ctx.telegram, press, view.buttons);
  }),
  writeFeedback: reviewerOnly(async (ctx, deps, _action, press) => {
    await ctx.telegram.sendMessage(press.chatId, t(deps.flow, 'feedbackPrompt', langOf(ctx)), {
      parse_mode: 'HTML',
    });
  }),
};
