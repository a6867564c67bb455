import { badRequest } from './bot-api-error.js';

/** A file part of a multipart call. */
export interface UploadedFile {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  /** Undefined when the part carried no Content-Type of its own (telegraf never sends one). */
  readonly mimeType: string | undefined;
}

/** The raw pieces of an HTTP call the parameters are read from. */
export interface RequestParamsSource {
  readonly query: URLSearchParams;
  readonly contentType: string | undefined;
  readonly body: Uint8Array | undefined;
}

/**
 * The parameters of one Bot API call, however they arrived: query string, JSON, urlencoded or
 * multipart body (the body wins over the query, as in Telegram). Values from forms are strings,
 * from JSON typed; the readers accept both, and parse JSON-valued fields (`reply_markup`, `media`,
 * `commands`...) whether they came as objects or as JSON text, as telegraf's multipart sends them.
 */
export class RequestParams {
  private constructor(
    private readonly values: ReadonlyMap<string, unknown>,
    private readonly files: ReadonlyMap<string, UploadedFile>,
  ) {}

  /**
   * Reads the parameters of an HTTP call.
   * @throws BotApiError 400 when a JSON body cannot be parsed.
   */
  static async parse({ query, contentType, body }: RequestParamsSource): Promise<RequestParams> {
    const values = new Map<string, unknown>(query);
    const files = new Map<string, UploadedFile>();
    const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (body && body.byteLength > 0) {
      if (type === 'application/json') {
        const parsed = parseJsonObject(new TextDecoder().decode(body));
        for (const [key, value] of Object.entries(parsed)) values.set(key, value);
      } else if (type === 'application/x-www-form-urlencoded') {
        for (const [key, value] of new URLSearchParams(new TextDecoder().decode(body)))
          values.set(key, value);
      } else if (type === 'multipart/form-data') {
        // Node 20's fetch Response parses multipart without a dependency; it copes with telegraf's
        // `content-disposition:form-data` header written without a space.
        const form = await new Response(body, { headers: { 'content-type': contentType ?? '' } }).formData();
        for (const [key, value] of form) {
          if (typeof value === 'string') {
            values.set(key, value);
          } else {
            files.set(key, {
              bytes: new Uint8Array(await value.arrayBuffer()),
              fileName: value.name,
              mimeType: value.type && value.type !== 'text/plain' ? value.type : undefined,
            });
          }
        }
      }
    }
    return new RequestParams(values, files);
  }

  has(name: string): boolean {
    const value = this.values.get(name);
    return (value !== undefined && value !== null && value !== '') || this.files.has(name);
  }

  /** A string parameter; numbers and booleans are given as text, as Telegram accepts them. */
  string(name: string): string | undefined {
    const value = this.values.get(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return undefined;
  }

  /**
   * An integer parameter.
   * @throws BotApiError 400 when present but not an integer.
   */
  integer(name: string): number | undefined {
    const value = this.values.get(name);
    if (value === undefined || value === null || value === '') return undefined;
    const number =
      typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
    if (!Number.isSafeInteger(number)) throw badRequest(`invalid ${name} specified`);
    return number;
  }

  /** A boolean parameter; `true`, `1` and `True` count as true, like the Bot API server. */
  boolean(name: string): boolean | undefined {
    const value = this.values.get(name);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'boolean') return value;
    return ['true', '1'].includes(String(value).toLowerCase());
  }

  /** A chat identifier: a number, or an `@username` string. */
  chatId(name = 'chat_id'): number | string | undefined {
    const value = this.values.get(name);
    if (typeof value === 'number') return value;
    if (typeof value !== 'string' || value.trim() === '') return undefined;
    const trimmed = value.trim();
    return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
  }

  /**
   * A JSON-valued parameter, parsed when it came as text.
   * @throws BotApiError 400 `can't parse <name> JSON object` on malformed JSON.
   */
  json(name: string): unknown {
    const value = this.values.get(name);
    if (typeof value !== 'string') return value ?? undefined;
    if (value === '') return undefined;
    try {
      return JSON.parse(value);
    } catch {
      throw badRequest(`can't parse ${name} JSON object`);
    }
  }

  /** The file uploaded under `name` (a part name, or the id after `attach://`). */
  file(name: string): UploadedFile | undefined {
    return this.files.get(name);
  }
}

function parseJsonObject(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest("can't parse JSON encoded request parameters");
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest("can't parse JSON encoded request parameters");
  }
  return parsed as Record<string, unknown>;
}
