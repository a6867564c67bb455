import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { AdjustableClock } from '../domain/clock.js';
import type { Lang } from '../domain/text.js';
import type { BotApiEmulator } from '../emulator/bot-api-emulator.js';
import type { PlaygroundChat } from './playground-chat.js';
import type { PlaygroundClockStart } from './playground-clock-start.js';

/** Uploads of several pictures at once, base64 in JSON, stay well below this. */
const MAX_BODY_BYTES = 80 * 1024 * 1024;
/** How long a long poll of /api/messages is held open when nothing changes. */
const LONG_POLL_MS = 25_000;
const CALLBACK_ANSWER_WAIT_MS = 3000;
const STATIC_DIR = new URL('./static/', import.meta.url);
const STATIC_FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

export type Identity = 'applicant' | 'reviewer';

export interface PlaygroundServerDeps {
  readonly emulator: BotApiEmulator;
  readonly chats: Readonly<Record<Identity, PlaygroundChat>>;
  readonly clock: AdjustableClock;
  /** Where `clock` started; the page says so under the clock. */
  readonly clockStart: PlaygroundClockStart;
  readonly timeZone: string;
  /** The language the applicant chose with /lang (Chinese until they do); the page's own controls follow it. */
  readonly applicantLang: () => Promise<Lang>;
  /** Runs a reminder pass after the clock moved. */
  readonly remindNow: () => Promise<void>;
}

const IdentitySchema = z.enum(['applicant', 'reviewer']);
const TextSchema = z.object({ as: IdentitySchema, text: z.string().min(1).max(4096) });
const PressSchema = z.object({ as: IdentitySchema, messageId: z.number().int(), data: z.string().max(256) });
const UploadSchema = z.object({
  as: IdentitySchema,
  kind: z.enum(['photo', 'file']),
  files: z
    .array(z.object({ name: z.string().min(1).max(255), type: z.string().max(255), base64: z.string() }))
    .min(1)
    .max(50),
});
const IdentityBodySchema = z.object({ as: IdentitySchema });
const ClockSchema = z.object({
  hours: z
    .number()
    .positive()
    .max(24 * 366),
});

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'expected a JSON body');
  }
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HttpError(400, `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(value));
}

/**
 * The playground's HTTP API and page. JSON endpoints (all POST bodies name the identity acting, `as`):
 * GET /api/state, GET /api/messages?as=&since= (long poll), POST /api/text, /api/press, /api/upload,
 * /api/identity, /api/clock, and GET /api/files/<file_id> for the bytes of photos and documents.
 * /api/state (also the answer of /api/identity and /api/clock) gives the identity acting, the clock's time and
 * where it started, the time zone, and the applicant's language.
 */
export function createPlaygroundHandler(deps: PlaygroundServerDeps) {
  let identity: Identity = 'applicant';
  const state = async () => ({
    identity,
    now: deps.clock.now().toISOString(),
    clockStart: { at: deps.clockStart.at.toISOString(), from: deps.clockStart.from },
    timeZone: deps.timeZone,
    lang: await deps.applicantLang(),
    applicantId: deps.chats.applicant.user.id,
    reviewerId: deps.chats.reviewer.user.id,
  });

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://playground.local');
    const path = url.pathname;
    const staticFile = req.method === 'GET' ? STATIC_FILES[path] : undefined;
    if (staticFile) {
      const body = await readFile(new URL(staticFile.file, STATIC_DIR));
      res.writeHead(200, { 'content-type': staticFile.type, 'cache-control': 'no-store' });
      res.end(body);
      return;
    }
    if (req.method === 'GET' && path === '/api/state') return sendJson(res, 200, await state());
    if (req.method === 'GET' && path === '/api/messages') {
      const as = parseBody(IdentitySchema, url.searchParams.get('as') ?? identity);
      const since = Number(url.searchParams.get('since') ?? '-1');
      const abort = new AbortController();
      res.once('close', () => abort.abort());
      const snapshot = await deps.chats[as].waitForChange(
        Number.isFinite(since) ? since : -1,
        LONG_POLL_MS,
        abort.signal,
      );
      if (!res.writableEnded && !res.destroyed) sendJson(res, 200, snapshot);
      return;
    }
    if (req.method === 'GET' && path.startsWith('/api/files/')) {
      const file = deps.emulator.file(decodeURIComponent(path.slice('/api/files/'.length)));
      if (!file?.bytes) throw new HttpError(404, 'no such file');
      res.writeHead(200, {
        'content-type': file.mimeType ?? (file.kind === 'photo' ? 'image/jpeg' : 'application/octet-stream'),
        'cache-control': 'private, max-age=3600',
      });
      res.end(file.bytes);
      return;
    }
    if (req.method !== 'POST') throw new HttpError(404, 'not found');
    const body = await readJson(req);
    switch (path) {
      case '/api/text': {
        const { as, text } = parseBody(TextSchema, body);
        await deps.chats[as].sendText(text);
        return sendJson(res, 200, { ok: true });
      }
      case '/api/press': {
        const { as, messageId, data } = parseBody(PressSchema, body);
        const toast = await deps.chats[as].press(messageId, data, CALLBACK_ANSWER_WAIT_MS);
        return sendJson(res, 200, { ok: true, ...(toast ? { toast } : {}) });
      }
      case '/api/upload': {
        const { as, kind, files } = parseBody(UploadSchema, body);
        const decoded = files.map((f) => ({
          name: f.name,
          mimeType: f.type || 'application/octet-stream',
          bytes: new Uint8Array(Buffer.from(f.base64, 'base64')),
        }));
        try {
          await deps.chats[as].upload(decoded, kind);
        } catch (error) {
          if (kind === 'photo') throw new HttpError(400, 'not a picture: send it as a file instead');
          throw error;
        }
        return sendJson(res, 200, { ok: true });
      }
      case '/api/identity': {
        identity = parseBody(IdentityBodySchema, body).as;
        return sendJson(res, 200, await state());
      }
      case '/api/clock': {
        const { hours } = parseBody(ClockSchema, body);
        deps.clock.advance(hours * 3_600_000);
        await deps.remindNow();
        return sendJson(res, 200, await state());
      }
      default:
        throw new HttpError(404, 'not found');
    }
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) sendJson(res, status, { ok: false, error: message });
      else res.destroy();
    });
  };
}

/** Listens on `port` (0: a free one) of `host`; resolves with the server and its address. */
export async function listenPlayground(
  handler: ReturnType<typeof createPlaygroundHandler>,
  port: number,
  host: string,
): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return { server, url: `http://localhost:${address.port}` };
}
