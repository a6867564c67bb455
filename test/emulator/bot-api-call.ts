/** What the emulated Bot API answered: the HTTP status and the JSON body. */
export interface BotApiReply {
  readonly status: number;
  readonly body: {
    readonly ok: boolean;
    readonly result?: unknown;
    readonly error_code?: number;
    readonly description?: string;
    readonly parameters?: { readonly retry_after?: number };
  };
}

/** Calls a Bot API method over real HTTP with a JSON body, as most clients do. */
export async function callBotApi(
  apiRoot: string,
  token: string,
  method: string,
  params: Record<string, unknown> = {},
): Promise<BotApiReply> {
  const response = await fetch(`${apiRoot}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: response.status, body: (await response.json()) as BotApiReply['body'] };
}

/** Calls a Bot API method with a multipart body, as clients upload files. */
export async function callBotApiMultipart(
  apiRoot: string,
  token: string,
  method: string,
  form: FormData,
): Promise<BotApiReply> {
  const response = await fetch(`${apiRoot}/bot${token}/${method}`, { method: 'POST', body: form });
  return { status: response.status, body: (await response.json()) as BotApiReply['body'] };
}

/** The `result` of a successful call, typed by the caller. */
export function resultOf<T>(reply: BotApiReply): T {
  if (!reply.body.ok) throw new Error(`expected ok, got ${reply.status} ${reply.body.description}`);
  return reply.body.result as T;
}
