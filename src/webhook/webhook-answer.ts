/** A Bot API call carried in the answer to Telegram's webhook POST: `{ method, ...parameters }`. */
export interface WebhookAnswerCall {
  readonly method: string;
  readonly [parameter: string]: unknown;
}

interface Slot {
  call?: WebhookAnswerCall;
}

/**
 * The answers being prepared, by update id. Keyed by the update rather than held in an AsyncLocalStorage: on
 * Node 20 each storage in use adds work to every promise the process creates (async_hooks), and the update's
 * handlers know its id anyway.
 */
const slots = new Map<number, Slot>();

/**
 * Runs the application of one update delivered by webhook, with room for one Bot API call in the answer to
 * its POST (Telegram runs it once it has the 200); resolves with what `work` resolves to and that call, if one
 * was offered. Telegram does not say whether such a call succeeded, so only calls whose result nothing needs
 * may go there (see offerWebhookAnswer). Should the same update be delivered again while it is still being
 * applied, the first delivery keeps the room.
 */
export async function withWebhookAnswer<T>(
  updateId: number,
  work: () => Promise<T>,
): Promise<{ readonly result: T; readonly call?: WebhookAnswerCall }> {
  if (slots.has(updateId)) return { result: await work() };
  const slot: Slot = {};
  slots.set(updateId, slot);
  try {
    const result = await work();
    return slot.call ? { result, call: slot.call } : { result };
  } finally {
    slots.delete(updateId);
  }
}

/**
 * Offers a call for the answer to the webhook POST of update `updateId`: taken (true) when that update is being
 * applied by webhook and no call was taken for it before; otherwise the caller makes the call itself.
 */
export function offerWebhookAnswer(updateId: number, call: WebhookAnswerCall): boolean {
  const slot = slots.get(updateId);
  if (!slot || slot.call) return false;
  slot.call = call;
  return true;
}
