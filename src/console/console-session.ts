import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { type ConsoleSession, openConsoleSession } from '../app/console-sign-in.js';
import type { Lang } from '../domain/text.js';
import type { ConsoleDeps } from './console-deps.js';
import { say } from './console-text.js';
import { messagePage, type Viewer } from './page-layout.js';

/** What the console's handlers find on the context. */
export interface ConsoleEnv {
  Variables: {
    lang: Lang;
    /** Set by `requireSession`. */
    session: ConsoleSession;
    viewer: Viewer;
  };
}

const LANG_COOKIE = 'nmle_console_lang';

/** The session cookie's name: `__Host-` under https, which browsers accept only Secure, path /, no domain. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-nmle_console' : 'nmle_console';
}

/** Whether the console is reached over https (PUBLIC_URL), so cookies are Secure. */
export function isSecure(deps: Pick<ConsoleDeps, 'publicUrl'>): boolean {
  return deps.publicUrl.startsWith('https://');
}

/**
 * Security headers on every answer: a CSP with no inline script or style and no framing, no sniffing, no
 * referrer (the sign-in link is in the URL), and nothing cached (pages and pictures are personal data).
 */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header(
    'Content-Security-Policy',
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; " +
      "frame-ancestors 'none'; base-uri 'none'",
  );
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Frame-Options', 'DENY');
  c.header('Cross-Origin-Opener-Policy', 'same-origin');
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
};

/** Chinese unless `?lang=en` (remembered in a cookie) or the cookie says otherwise. */
export function languageOf(deps: Pick<ConsoleDeps, 'publicUrl'>): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const asked = c.req.query('lang');
    let lang: Lang = getCookie(c, LANG_COOKIE) === 'en' ? 'en' : 'zh';
    if (asked === 'en' || asked === 'zh') {
      lang = asked;
      setCookie(c, LANG_COOKIE, lang, {
        path: '/',
        httpOnly: true,
        sameSite: 'Strict',
        secure: isSecure(deps),
        maxAge: 365 * 24 * 3600,
      });
    }
    c.set('lang', lang);
    c.set('viewer', { lang });
    await next();
  };
}

/**
 * Lets a request through only with a live session of a current reviewer; anything else is answered 401
 * with a page that says how to sign in and carries no applicant data.
 */
export function requireSession(deps: ConsoleDeps): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const id = getCookie(c, sessionCookieName(isSecure(deps)));
    const session = id ? await openConsoleSession(deps, id) : undefined;
    if (!session) {
      const lang = c.get('lang');
      return c.html(messagePage({ lang }, say(lang, 'signInTitle'), say(lang, 'needSignIn')), 401);
    }
    c.set('session', session);
    c.set('viewer', { lang: c.get('lang'), reviewerId: session.reviewerId, csrfToken: session.csrfToken });
    await next();
  };
}

/**
 * Refuses a state-changing request without the session's CSRF token (form field `_csrf` or header
 * `X-CSRF-Token`) with 403, before anything is changed. Runs after `requireSession`.
 */
export const requireCsrf: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
  const expected = c.get('session').csrfToken;
  let given = c.req.header('X-CSRF-Token');
  if (given === undefined) {
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const field = body._csrf;
    given = typeof field === 'string' ? field : undefined;
  }
  if (!given || !sameSecret(given, expected)) {
    const lang = c.get('lang');
    return c.html(messagePage(c.get('viewer'), say(lang, 'signInTitle'), say(lang, 'badCsrf')), 403);
  }
  await next();
};

/**
 * Sets the session cookie: HttpOnly, SameSite=Strict, Secure under https, until the session ends. Max-Age
 * rather than Expires: the service's clock may be set apart from the browser's (NMLE_CLOCK), and an
 * Expires date in the browser's past would drop the cookie at once.
 */
export function setSessionCookie(c: Context, deps: ConsoleDeps, sessionId: string, expiresAt: Date): void {
  const secure = isSecure(deps);
  setCookie(c, sessionCookieName(secure), sessionId, {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure,
    maxAge: Math.max(0, Math.floor((expiresAt.getTime() - deps.clock.now().getTime()) / 1000)),
  });
}

export function clearSessionCookie(c: Context, deps: ConsoleDeps): void {
  const secure = isSecure(deps);
  deleteCookie(c, sessionCookieName(secure), { path: '/', secure });
}

export function sessionIdOf(c: Context, deps: ConsoleDeps): string | undefined {
  return getCookie(c, sessionCookieName(isSecure(deps)));
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
