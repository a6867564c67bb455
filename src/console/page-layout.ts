import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { zonedDate, zonedMinutes } from '../domain/review-window.js';
import type { Lang } from '../domain/text.js';
import { say } from './console-text.js';

/** What `html` tagged templates make: escaped text, possibly still resolving. */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Who is looking at a page: their language, and (signed in) their reviewer id and CSRF token. */
export interface Viewer {
  readonly lang: Lang;
  readonly reviewerId?: number | undefined;
  readonly csrfToken?: string | undefined;
}

/**
 * The page around every console view: no inline script or style (the CSP forbids both), the language
 * switch, and for a signed-in reviewer the navigation and sign-out.
 */
export function page(viewer: Viewer, title: string, body: Html): Html {
  const { lang } = viewer;
  const signedIn = viewer.reviewerId !== undefined && viewer.csrfToken !== undefined;
  return html`<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · ${say(lang, 'title')}</title>
<link rel="stylesheet" href="/static/console.css">
<script src="/static/console.js" defer></script>
</head>
<body>
<header class="top">
  <strong>${say(lang, 'title')}</strong>
  ${
    signedIn
      ? html`<nav>
    <a href="/">${say(lang, 'queue')}</a>
    <a href="/audit">${say(lang, 'auditNav')}</a>
    <form method="post" action="/next" class="inline" data-key="n">
      <input type="hidden" name="_csrf" value="${viewer.csrfToken}">
      <button type="submit">${say(lang, 'next')}</button>
    </form>
  </nav>
  <span class="who">${say(lang, 'signedInAs', { id: viewer.reviewerId ?? '' })}</span>
  <form method="post" action="/sign-out" class="inline">
    <input type="hidden" name="_csrf" value="${viewer.csrfToken}">
    <button type="submit">${say(lang, 'signOut')}</button>
  </form>`
      : ''
  }
  <a class="lang" href="?lang=${lang === 'zh' ? 'en' : 'zh'}">${say(lang, 'language')}</a>
</header>
<main>
<h1>${title}</h1>
${body}
</main>
<div id="help" class="help" hidden>${say(lang, 'keysHelp')}</div>
</body>
</html>`;
}

/** A short page with one message (signed out, refused, not found), with no applicant data. */
export function messagePage(viewer: Viewer, title: string, message: string): Html {
  return page(viewer, title, html`<p class="message">${message}</p>`);
}

/** `YYYY-MM-DD HH:MM` in the office's time zone. */
export function formatTime(instant: Date | string, timeZone: string): string {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(at.getTime())) return '';
  const minutes = zonedMinutes(at, timeZone);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${zonedDate(at, timeZone)} ${hh}:${mm}`;
}
