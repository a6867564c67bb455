import { html } from 'hono/html';
import type { AuditEntry } from '../app/ports/audit-log.js';
import type { Flow } from '../domain/flow.js';
import type { Lang } from '../domain/text.js';
import { type ConsoleTextKey, say } from './console-text.js';
import { formatTime, type Html, page, type Viewer } from './page-layout.js';

/** `GET /audit` and `GET /dossiers/<id>/audit`: who changed what, when, from what to what, and why. */
export function auditPage(
  viewer: Viewer,
  flow: Flow,
  timeZone: string,
  title: string,
  entries: readonly AuditEntry[],
): Html {
  const { lang } = viewer;
  const body =
    entries.length === 0
      ? html`<p>${say(lang, 'auditNone')}</p>`
      : html`<table class="audit">
  <thead><tr><th>${say(lang, 'auditWhen')}</th><th>${say(lang, 'auditWho')}</th><th>${say(lang, 'auditDossier')}</th>
    <th>${say(lang, 'auditMaterial')}</th><th>${say(lang, 'auditChange')}</th><th>${say(lang, 'auditReason')}</th>
    <th>${say(lang, 'auditNote')}</th></tr></thead>
  <tbody>${entries.map(
    (entry) => html`<tr>
    <td><time datetime="${entry.at.toISOString()}">${formatTime(entry.at, timeZone)}</time></td>
    <td>${say(lang, 'signedInAs', { id: entry.reviewerId })}</td>
    <td><a href="/dossiers/${entry.applicantId}">${entry.applicantId}</a></td>
    <td>${entry.material ? (flow.materials[entry.material]?.title[lang] ?? entry.material) : say(lang, 'wholeDossier')}</td>
    <td>${stateLabel(lang, entry.from)} → ${stateLabel(lang, entry.to)}</td>
    <td class="text">${entry.reason ?? ''}</td>
    <td class="text">${entry.note ?? ''}</td>
  </tr>`,
  )}</tbody></table>`;
  return page(viewer, title, body);
}

function stateLabel(lang: Lang, state: string): string {
  if (state === 'redo') return say(lang, 'redo');
  const key = `state_${state}`;
  return ['submitted', 'returned', 'approved', 'rejected', 'draft'].includes(state)
    ? say(lang, key as ConsoleTextKey)
    : state;
}
