import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { claimNextDossier } from '../app/claim-dossier.js';
import { redeemSignInLink, signOut } from '../app/console-sign-in.js';
import { listConsoleQueue } from '../app/list-console-queue.js';
import { auditPage } from './audit-page.js';
import type { ConsoleDeps } from './console-deps.js';
import {
  type ConsoleEnv,
  clearSessionCookie,
  languageOf,
  requireCsrf,
  requireSession,
  securityHeaders,
  sessionIdOf,
  setSessionCookie,
} from './console-session.js';
import { say } from './console-text.js';
import { dossierRoutes } from './dossier-routes.js';
import { messagePage, page } from './page-layout.js';
import { parseQueueChoice, queuePage } from './queue-page.js';
import { createSignInRateLimit } from './sign-in-rate-limit.js';

/** The plain script and style of every page, served as files (the CSP allows no inline ones). */
const STATIC: Record<string, { type: string; body: string }> = {
  'console.js': { type: 'text/javascript; charset=utf-8', body: readStatic('console.js') },
  'console.css': { type: 'text/css; charset=utf-8', body: readStatic('console.css') },
};

function readStatic(name: string): string {
  return readFileSync(new URL(`./static/${name}`, import.meta.url), 'utf8');
}

/** Entries of the audit page (the newest). */
const AUDIT_PAGE_ENTRIES = 500;

/**
 * The exam office's web console (contracts §8) as a Hono app: server-rendered pages, Chinese first. Only
 * the sign-in pages and the static files answer without a session; every other page, picture and export
 * needs one, and every state-changing request the session's CSRF token.
 */
export function createConsoleApp(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const rateLimit = createSignInRateLimit(deps.clock);
  // One catch for the console's requests: logged without the request's data, answered without details.
  app.onError((error, c) => {
    deps.log.error({ err: error, path: c.req.routePath }, 'console request failed');
    const lang = c.get('lang') ?? 'zh';
    return c.html(messagePage({ lang }, say(lang, 'title'), say(lang, 'internalError')), 500);
  });
  app.use(securityHeaders);
  app.use(languageOf(deps));

  app.get('/static/:file', (c) => {
    const file = STATIC[c.req.param('file')];
    if (!file) return c.notFound();
    c.header('Cache-Control', 'no-cache');
    return c.body(file.body, 200, { 'Content-Type': file.type });
  });

  // Opening the link only shows a button: Telegram and mail scanners fetch links, and a GET must not spend it.
  app.get('/sign-in/:token', (c) => {
    const lang = c.get('lang');
    const form = html`<p>${say(lang, 'signInExplain')}</p>
<form method="post" action="/sign-in/${c.req.param('token')}">
  <button type="submit" id="sign-in">${say(lang, 'signInButton')}</button>
</form>`;
    return c.html(page({ lang }, say(lang, 'signInTitle'), form));
  });

  app.post('/sign-in/:token', async (c) => {
    const lang = c.get('lang');
    if (!rateLimit.allow(clientAddress(c.env)))
      return c.html(messagePage({ lang }, say(lang, 'signInTitle'), say(lang, 'tooManyAttempts')), 429);
    const redeemed = await redeemSignInLink(deps, c.req.param('token'));
    if (!redeemed) {
      deps.log.info('console sign-in refused: the link is unknown, spent or expired');
      return c.html(messagePage({ lang }, say(lang, 'signInTitle'), say(lang, 'signInFailed')), 403);
    }
    setSessionCookie(c, deps, redeemed.sessionId, redeemed.session.expiresAt);
    deps.log.info({ reviewer: redeemed.session.reviewerId }, 'console: a reviewer signed in');
    return c.redirect('/', 303);
  });

  app.get('/signed-out', (c) => {
    const lang = c.get('lang');
    return c.html(messagePage({ lang }, say(lang, 'signOut'), say(lang, 'signedOut')));
  });

  // Everything below needs a session; POSTs also the CSRF token.
  app.use('*', requireSession(deps));
  app.post('*', requireCsrf);

  app.post('/sign-out', async (c) => {
    const id = sessionIdOf(c, deps);
    if (id) await signOut(deps, id);
    clearSessionCookie(c, deps);
    return c.redirect('/signed-out', 303);
  });

  app.get('/', async (c) => {
    const viewer = c.get('viewer');
    const choice = parseQueueChoice(deps.flow, c.req.query());
    const queue = await listConsoleQueue(deps, choice.state, choice.filter);
    const notice = c.req.query('empty') === '1' ? say(viewer.lang, 'nothingToClaim') : undefined;
    return c.html(queuePage(viewer, deps.flow, deps.timeZone, choice, queue, { notice }));
  });

  app.post('/next', async (c) => {
    const next = await claimNextDossier(deps, c.get('session').reviewerId);
    return c.redirect(next ? `/dossiers/${next.userId}` : '/?empty=1', 303);
  });

  app.get('/audit', async (c) => {
    const viewer = c.get('viewer');
    const entries = await deps.audit.latest(AUDIT_PAGE_ENTRIES);
    return c.html(auditPage(viewer, deps.flow, deps.timeZone, say(viewer.lang, 'auditAll'), entries));
  });

  app.route('/', dossierRoutes(deps));
  return app;
}

/** The client's address as the socket saw it (a proxy in front makes it the proxy's: one shared limit). */
function clientAddress(env: unknown): string {
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}
