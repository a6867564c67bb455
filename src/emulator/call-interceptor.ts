/** The name file downloads go by in `BotApiCall.method`. */
export const FILE_DOWNLOAD = 'downloadFile';

/** One call of the emulated Bot API, as interceptors see it. */
export interface BotApiCall {
  /** The method as Telegram spells it (`sendMessage`, whatever case the bot used), or `FILE_DOWNLOAD`. */
  readonly method: string;
  /** `method`: `{root}/bot<token>/<method>`; `download`: `{root}/file/bot<token>/<file_path>`. */
  readonly kind: 'method' | 'download';
}

/**
 * An extension hook around every authorized call (file downloads included; unknown methods and wrong
 * tokens are refused before it): do something before, `await proceed()` for the rest of the chain and the
 * handler, and pass its result on. Throwing a `BotApiError` refuses the call with it; an error `proceed()`
 * throws is a `BotApiError` (a refusal, as Telegram would answer) or anything else (an emulator bug,
 * answered with 500) and should be rethrown. The core emulator has none; `testing/` adds fault
 * injection, latency and call statistics this way.
 */
export type BotApiCallInterceptor = (call: BotApiCall, proceed: () => Promise<unknown>) => Promise<unknown>;

/** Runs `handle` inside the interceptors, the first one outermost. */
export function intercepted(
  interceptors: readonly BotApiCallInterceptor[],
  call: BotApiCall,
  handle: () => Promise<unknown>,
): Promise<unknown> {
  const proceedFrom = (index: number): Promise<unknown> => {
    const interceptor = interceptors[index];
    return interceptor ? interceptor(call, () => proceedFrom(index + 1)) : handle();
  };
  return proceedFrom(0);
}
