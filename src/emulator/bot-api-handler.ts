import { BotApiError } from './bot-api-error.js';
import type { MethodHandler } from './bot-api-method.js';
import { botMethods } from './bot-methods.js';
import { type BotApiCallInterceptor, FILE_DOWNLOAD, intercepted } from './call-interceptor.js';
import type { EmulatorState } from './emulator-state.js';
import type { ParseModeTable } from './formatted-text.js';
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
  readonly parseModes: ParseModeTable;
  /** Run around every authorized call, the first one outermost. */
  readonly interceptors: readonly BotApiCallInterceptor[];
}

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
 * Each authorized call runs through the interceptors, then is handled; a `BotApiError` is answered as
 * Telegram would, anything else thrown with 500.
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
  try {
    const result = await intercepted(deps.interceptors, { method: method.name, kind: 'method' }, async () => {
      const params = await RequestParams.parse({
        query: request.url.searchParams,
        contentType: request.contentType,
        body: request.body,
      });
      return method.handler(params, {
        state: deps.state,
        parseModes: deps.parseModes,
        signal: request.signal,
      });
    });
    return jsonResponse(200, { ok: true, result });
  } catch (error) {
    return failureResponse(error);
  }
}

async function handleDownload(
  deps: BotApiHandlerDependencies,
  token: string,
  filePath: string,
): Promise<EmulatorHttpResponse> {
  try {
    const download = await intercepted(
      deps.interceptors,
      { method: FILE_DOWNLOAD, kind: 'download' },
      async () => {
        const file =
          safeDecode(token) === deps.state.botToken
            ? deps.state.files.getByPath(safeDecode(filePath))
            : undefined;
        if (!file?.bytes) throw new BotApiError(404, 'Not Found');
        return { bytes: file.bytes, mimeType: file.mimeType ?? 'application/octet-stream' };
      },
    );
    const { bytes, mimeType } = download as { readonly bytes: Uint8Array; readonly mimeType: string };
    return {
      status: 200,
      headers: { 'content-type': mimeType, 'content-length': String(bytes.length) },
      body: bytes,
    };
  } catch (error) {
    return failureResponse(error);
  }
}

/** Percent-decodes a path segment; malformed escapes are kept as they are and simply match nothing. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A refusal as Telegram sends it, or 500 for anything else thrown: a bug in the emulator. */
function failureResponse(error: unknown): EmulatorHttpResponse {
  if (error instanceof BotApiError) return errorResponse(error);
  const reason = error instanceof Error ? error.message : String(error);
  return jsonResponse(500, { ok: false, error_code: 500, description: `Internal Server Error: ${reason}` });
}

function errorResponse(error: BotApiError): EmulatorHttpResponse {
  return jsonResponse(error.errorCode, error.toBody());
}

function jsonResponse(status: number, body: unknown): EmulatorHttpResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
