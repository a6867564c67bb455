import { AsyncLocalStorage } from 'node:async_hooks';

/** A Bot API call carried in the answer to Telegram's webhook POST: `{ method, ...parameters }`. */
export interface WebhookAnswerCall {
  readonly method: string;
  readonly [parameter: string]: unknown;
}

interface Slot {
  call?: WebhookAnswerCall;
}

const slots = new AsyncLocalStorage<Slot>();

/**
 * Runs the application of one update delivered by webhook, with room for one Bot API call in the answer to
 * its POST (Telegram runs it once it has the 200); resolves with what `work` resolves to and that call, if one
 * was offered. Telegram does not say whether such a call succeeded, so only calls whose result nothing needs
 * may go there (see offerWebhookAnswer).
 */
export async function withWebhookAnswer<T>(
  work: () => Promise<T>,
): Promise<{ readonly result: T; readonly call?: WebhookAnswerCall }> {
  const slot: Slot = {};
  const result = await slots.run(slot, work);
  return slot.call ? { result, call: slot.call } : { result };
}

/**
 * Offers a call for the answer to the webhook POST being applied: taken (true) when the update came by
 * webhook and no call was taken before; otherwise the caller makes the call itself.
 */
export function offerWebhookAnswer(call: WebhookAnswerCall): boolean {
  const slot = slots.getStore();
  if (!slot || slot.call) return false;
  slot.call = call;
  return true;
}
