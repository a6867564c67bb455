import { BotApiError } from '../bot-api-error.js';
import type { BotApiCallInterceptor } from '../call-interceptor.js';
import type { CallStats } from './call-stats.js';
import type { FaultPlan } from './fault-plan.js';

/** Counts every call under its method name, and the refused ones (faults and 500s included) as errors too. */
export function countingCalls(stats: CallStats): BotApiCallInterceptor {
  return async (call, proceed) => {
    stats.countCall(call.method);
    try {
      return await proceed();
    } catch (error) {
      stats.countError(call.method);
      throw error;
    }
  };
}

/** Keeps the exceptions that are bugs in the emulator (anything but a BotApiError); they are still answered 500. */
export function recordingInternalErrors(errors: Error[]): BotApiCallInterceptor {
  return async (call, proceed) => {
    try {
      return await proceed();
    } catch (error) {
      if (!(error instanceof BotApiError)) {
        errors.push(error instanceof Error ? error : new Error(`${call.method}: ${String(error)}`));
      }
      throw error;
    }
  };
}

/** Delays every method call (file downloads are not) by the latency at the time of the call. */
export function delayingCalls(latencyMs: () => number): BotApiCallInterceptor {
  return async (call, proceed) => {
    const latency = call.kind === 'method' ? latencyMs() : 0;
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    return proceed();
  };
}

/** Refuses a method call with the fault planned for it, if any; file downloads never fail this way. */
export function failingCalls(faults: FaultPlan): BotApiCallInterceptor {
  return async (call, proceed) => {
    const fault = call.kind === 'method' ? faults.take(call.method) : undefined;
    if (fault) throw fault;
    return proceed();
  };
}
