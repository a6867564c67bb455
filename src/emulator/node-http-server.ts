import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorHttpRequest, EmulatorHttpResponse } from './bot-api-handler.js';

/** Bodies above this are refused with 413, like Telegram's upload limit (50 MB) plus form overhead. */
export const MAX_REQUEST_BODY_BYTES = 60 * 1024 * 1024;

export interface NodeHttpServerOptions {
  readonly host: string;
  readonly port: number;
  readonly handle: (request: EmulatorHttpRequest) => Promise<EmulatorHttpResponse>;
}

/** A listening server and how to stop it. */
export interface RunningHttpServer {
  /** `http://host:port`, no trailing slash. */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Serves the emulator over node:http. A client that disconnects mid-call (telegraf aborting its
 * long poll on `bot.stop()`) aborts the request's signal, which releases the parked getUpdates.
 */
export async function startNodeHttpServer({
  host,
  port,
  handle,
}: NodeHttpServerOptions): Promise<RunningHttpServer> {
  const server = createServer((req, res) => {
    void serve(req, res, handle, host);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    origin: `http://${hostInUrl}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  handle: NodeHttpServerOptions['handle'],
  host: string,
): Promise<void> {
  const aborter = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) aborter.abort();
  });
  try {
    const body = await readBody(req);
    if (body === 'too large') {
      send(res, { status: 413, headers: jsonHeaders, body: tooLargeBody });
      return;
    }
    const response = await handle({
      method: req.method ?? 'GET',
      url: new URL(req.url ?? '/', `http://${req.headers.host ?? host}`),
      contentType: req.headers['content-type'],
      body,
      signal: aborter.signal,
    });
    send(res, response);
  } catch (error) {
    const description = `Internal Server Error: ${error instanceof Error ? error.message : String(error)}`;
    send(res, {
      status: 500,
      headers: jsonHeaders,
      body: JSON.stringify({ ok: false, error_code: 500, description }),
    });
  }
}

const jsonHeaders = { 'content-type': 'application/json' };
const tooLargeBody = JSON.stringify({ ok: false, error_code: 413, description: 'Request Entity Too Large' });

async function readBody(req: IncomingMessage): Promise<Uint8Array | undefined | 'too large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BODY_BYTES) return 'too large';
    chunks.push(chunk as Buffer);
  }
  return size === 0 ? undefined : Buffer.concat(chunks, size);
}

function send(res: ServerResponse, response: EmulatorHttpResponse): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(response.status, response.headers);
  res.end(response.body);
}
