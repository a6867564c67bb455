import { BotApiError } from './bot-api-error.js';
import type { MethodHandler } from './bot-api-method.js';
import { botMethods } from './bot-methods.js';
import type { CallStats } from './call-stats.js';
import type { EmulatorState } from './emulator-state.js';
import type { FaultPlan } from './fault-plan.js';
import { mediaMethods } from './media-methods.js';
import { messageMethods } from './message-methods.js';
import { RequestParams } from './request-params.js';

/** An HTTP call as the emulator needs it, independent of node:http so a browser can drive it too. */
export interface EmulatorHttpRequest {
  readonly method: string;
  readonly url: URL;
  readonly contentType: string | undefined;
  readonly body: Uint8Array | undefined;
  /** Aborted when the client goes away before the answer. */
  readonly signal: AbortSignal;
}

export interface EmulatorHttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array;
}

export interface BotApiHandlerDependencies {
  readonly state: EmulatorState;
  readonly faults: FaultPlan;
  readonly stats: CallStats;
  readonly latencyMs: () => number;
  /** Told about exceptions that are bugs in the emulator, answered with 500. */
  readonly onInternalError: (error: unknown, method: string) => void;
}

/** The name file downloads are counted under in the call statistics. */
export const FILE_DOWNLOAD_STAT = 'downloadFile';

const API_PATH = /^\/bot([^/]+)\/([A-Za-z]+)$/;
const FILE_PATH = /^\/file\/bot([^/]+)\/(.+)$/;

const METHODS: ReadonlyMap<string, { readonly name: string; readonly handler: MethodHandler }> = new Map(
  Object.entries({ ...botMethods, ...messageMethods, ...mediaMethods }).map(([name, handler]) => [
    // Telegram matches method names case-insensitively.
    name.toLowerCase(),
    { name, handler },
  ]),
);

/**
 * Answers the Bot API's HTTP surface: `{root}/bot<token>/<method>` (GET or POST; query, JSON,
 * urlencoded or multipart parameters) and file downloads at `{root}/file/bot<token>/<file_path>`.
 * Each call is counted, delayed by the configured latency, failed if a fault is planned, then handled.
 */
export function createBotApiHandler(deps: BotApiHandlerDependencies) {
  return async function handle(request: EmulatorHttpRequest): Promise<EmulatorHttpResponse> {
    const path = request.url.pathname;
    const api = API_PATH.exec(path);
    if (api) return handleMethod(deps, request, api[1] as string, api[2] as string);
    const file = FILE_PATH.exec(path);
    if (file && (request.method === 'GET' || request.method === 'HEAD')) {
      return handleDownload(deps, file[1] as string, file[2] as string);
    }
    return errorResponse(new BotApiError(404, 'Not Found'));
  };
}

async function handleMethod(
  deps: BotApiHandlerDependencies,
  request: EmulatorHttpRequest,
  token: string,
  methodName: string,
): Promise<EmulatorHttpResponse> {
  if (safeDecode(token) !== deps.state.botToken) return errorResponse(new BotApiError(401, 'Unauthorized'));
  const method = METHODS.get(methodName.toLowerCase());
  if (!method) return errorResponse(new BotApiError(404, 'Not Found'));
  deps.stats.countCall(method.name);
  try {
    const latency = deps.latencyMs();
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    const fault = deps.faults.take(method.name);
    if (fault) throw fault;
    const params = await RequestParams.parse({
      query: request.url.searchParams,
      contentType: request.contentType,
      body: request.body,
    });
    const result = await method.handler(params, { state: deps.state, signal: request.signal });
    return jsonResponse(200, { ok: true, result });
  } catch (error) {
    deps.stats.countError(method.name);
    if (error instanceof BotApiError) return errorResponse(error);
    deps.onInternalError(error, method.name);
    const reason = error instanceof Error ? error.message : String(error);
    return jsonResponse(500, { ok: false, error_code: 500, description: `Internal Server Error: ${reason}` });
  }
}

function handleDownload(
  deps: BotApiHandlerDependencies,
  token: string,
  filePath: string,
): EmulatorHttpResponse {
  deps.stats.countCall(FILE_DOWNLOAD_STAT);
  const file =
    safeDecode(token) === deps.state.botToken ? deps.state.files.getByPath(safeDecode(filePath)) : undefined;
  if (!file?.bytes) {
    deps.stats.countError(FILE_DOWNLOAD_STAT);
    return errorResponse(new BotApiError(404, 'Not Found'));
  }
  return {
    status: 200,
    headers: {
      'content-type': file.mimeType ?? 'application/octet-stream',
      'content-length': String(file.bytes.length),
    },
    body: file.bytes,
  };
}

/** Percent-decodes a path segment; malformed escapes are kept as they are and simply match nothing. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function errorResponse(error: BotApiError): EmulatorHttpResponse {
  return jsonResponse(error.errorCode, error.toBody());
}

function jsonResponse(status: number, body: unknown): EmulatorHttpResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
