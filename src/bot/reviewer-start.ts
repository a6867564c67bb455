import { Composer, type Context } from 'telegraf';
import { REVIEWER_DIGEST_SLOT_MINUTES } from '../domain/reminder-config.js';
import type { BotDeps } from './bot-deps.js';
import { t } from './render.js';
import { langOf } from './update-lang.js';

/**
 * A reviewer's /start: what they can do (/queue, /review, the three decisions) and that digests of new
 * submissions arrive in working hours. Everyone else's /start goes on to the interview, so this runs before
 * the interview composer. A reviewer therefore cannot take the interview as an applicant with the same
 * account; the exam office tests it with another one.
 */
export function reviewerStartComposer(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const { flow } = deps;

  composer.start(async (ctx, next) => {
    if (!deps.reviewerIds.includes(ctx.from.id)) return next();
    const { from, to } = flow.reminders.reviewerHours;
    await ctx.reply(
      t(flow, 'reviewerStart', langOf(ctx), { from, to, minutes: REVIEWER_DIGEST_SLOT_MINUTES }),
      { parse_mode: 'HTML' },
    );
  });

  return composer;
}
