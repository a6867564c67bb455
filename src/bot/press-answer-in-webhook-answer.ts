import type { Context, MiddlewareFn } from 'telegraf';
import { offerWebhookAnswer } from '../webhook/webhook-answer.js';

/**
 * A button press that came by webhook is answered (answerCallbackQuery: the button's spinner stops, or a short
 * notice shows) inside the answer to the webhook POST instead of by a Bot API request of its own — one HTTP
 * exchange fewer for most updates of an interview. This is not telegraf's `webhookReply`, which stays off: that
 * ends the POST's answer at the first call, before the update is stored; ours goes with the 200, once it is.
 * Only this call goes there: its result is `true`, which nothing reads, and a press left unanswered (the
 * instance died first) only spins until Telegram gives up. Outside webhook mode the call is made as usual.
 * telegraf builds a Telegram client per update, so the wrapper covers this update only.
 */
export const pressAnswerInWebhookAnswer: MiddlewareFn<Context> = (ctx, next) => {
  if (ctx.callbackQuery) {
    const { telegram } = ctx;
    const callApi = telegram.callApi.bind(telegram);
    telegram.callApi = ((method: string, payload: object, options?: never) =>
      method === 'answerCallbackQuery' && offerWebhookAnswer(ctx.update.update_id, { method, ...payload })
        ? Promise.resolve(true)
        : callApi(method as never, payload as never, options)) as typeof telegram.callApi;
  }
  return next();
};
