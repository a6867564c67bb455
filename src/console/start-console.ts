import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { issueSignInLink, pruneExpiredSignIns, SIGN_IN_LINK_TTL_MS } from '../app/console-sign-in.js';
import { createConsoleApp } from './console-app.js';
import type { ConsoleDeps } from './console-deps.js';

/** The console listening on its port. */
export interface RunningConsole {
  /** Where it listens, for logs and tests, e.g. `http://127.0.0.1:8081`. */
  readonly url: string;
  /** The address reviewers reach it at (PUBLIC_URL, or http://localhost:<port>). */
  readonly publicUrl: string;
  /** A reviewer's one-time sign-in link (`<publicUrl>/sign-in/<token>`); undefined for anyone else. */
  linkFor(reviewerId: number): Promise<string | undefined>;
  close(): Promise<void>;
}

/** How often expired sign-in links and sessions are removed from the store. */
const PRUNE_EVERY_MS = 60 * 60_000;

/** Minutes a sign-in link works, as the bot tells the reviewer. */
export const SIGN_IN_LINK_MINUTES = SIGN_IN_LINK_TTL_MS / 60_000;

/**
 * Starts the console on `port` (0: a free one), on every interface unless `hostname` says otherwise;
 * PUBLIC_URL defaults to `http://localhost:<the port it got>`. Resolves once it listens.
 * @throws (rejects) when the port cannot be had.
 */
export async function startConsole(
  deps: Omit<ConsoleDeps, 'publicUrl'> & { readonly publicUrl: string | undefined },
  options: { readonly port: number; readonly hostname?: string },
): Promise<RunningConsole> {
  // The default PUBLIC_URL names the port, known only once listening; no request is answered before.
  let app: ReturnType<typeof createConsoleApp> | undefined;
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const listening = serve(
      {
        fetch: (request, env) => (app ? app.fetch(request, env) : new Response(null, { status: 503 })),
        port: options.port,
        ...(options.hostname && { hostname: options.hostname }),
      },
      () => resolve(listening),
    );
    listening.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const full: ConsoleDeps = { ...deps, publicUrl: deps.publicUrl ?? `http://localhost:${port}` };
  app = createConsoleApp(full);
  // Expired links and sessions open nothing; they are removed at start and every hour (each instance does it,
  // which is harmless: a row is deleted once).
  const prune = () =>
    pruneExpiredSignIns(full).catch((error: unknown) =>
      full.log.warn({ err: error }, 'could not remove expired console sign-ins'),
    );
  void prune();
  const pruning = setInterval(prune, PRUNE_EVERY_MS);
  pruning.unref();
  return {
    url: `http://${options.hostname ?? '127.0.0.1'}:${port}`,
    publicUrl: full.publicUrl,
    async linkFor(reviewerId) {
      const issued = await issueSignInLink(full, reviewerId);
      return issued && `${full.publicUrl}/sign-in/${issued.token}`;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        clearInterval(pruning);
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections of open browser tabs would hold the stop for minutes.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
