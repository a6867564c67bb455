import { html } from 'hono/html';
import { type ConsoleQueue, QUEUE_STATES, type QueueState } from '../app/list-console-queue.js';
import { type RosterFilter, type SpecialCase, specialCases } from '../app/roster-filter.js';
import type { Flow } from '../domain/flow.js';
import { say } from './console-text.js';
import { formatTime, type Html, page, type Viewer } from './page-layout.js';

/** The queue page's choices: the state shown, the filter, and the special case as the page names it. */
export interface QueueChoice {
  readonly state: QueueState;
  readonly filter: RosterFilter;
  /** `fact=value`, e.g. `idCardLost=true`, one of specialCases(flow). */
  readonly special: string | undefined;
  /** The query string that repeats these choices (for the export links). */
  readonly query: string;
}

/** The queue's choices from the page's query string; anything unknown filters nothing. */
export function parseQueueChoice(flow: Flow, query: Record<string, string | undefined>): QueueChoice {
  const state = (QUEUE_STATES as readonly string[]).includes(query.state ?? '')
    ? (query.state as QueueState)
    : 'submitted';
  const oneOf = (value: string | undefined, allowed: readonly string[]) =>
    value && allowed.includes(value) ? value : undefined;
  const enumValues = (fact: string) => {
    const def = flow.facts[fact];
    return def?.type === 'enum' ? Object.keys(def.values) : [];
  };
  const exam = oneOf(query.exam, enumValues('target'));
  const category = oneOf(query.category, enumValues('category'));
  const route = oneOf(
    query.route,
    flow.routes.map((r) => r.id),
  );
  const special = specialCases(flow).find((c) => specialKey(c) === query.special);
  const search = query.q?.trim().slice(0, 64) || undefined;
  const waitingLong = query.waiting === '1';
  const filter: RosterFilter = {
    ...(exam && { exam }),
    ...(category && { category }),
    ...(route && { route }),
    ...(waitingLong && { waitingLong }),
    ...(special && { facts: { [special.fact]: special.value } }),
    ...(search && { search }),
  };
  const params = new URLSearchParams({ state });
  for (const [name, value] of Object.entries({ exam, category, route, q: search }))
    if (value) params.set(name, value);
  if (waitingLong) params.set('waiting', '1');
  if (special) params.set('special', specialKey(special));
  return { state, filter, special: special && specialKey(special), query: params.toString() };
}

function specialKey(c: SpecialCase): string {
  return `${c.fact}=${String(c.value)}`;
}

/** `GET /`: the counts per state, the filters, and the matching dossiers oldest first. */
export function queuePage(
  viewer: Viewer,
  flow: Flow,
  timeZone: string,
  choice: QueueChoice,
  queue: ConsoleQueue,
  options: { readonly notice?: string | undefined },
): Html {
  const { lang } = viewer;
  const { filter } = choice;
  const notice = options.notice;
  const stateLink = (state: QueueState) => {
    const params = new URLSearchParams({ state });
    const current = state === choice.state ? 'current' : '';
    return html`<a class="count ${current}" href="/?${params.toString()}">${say(lang, `state_${state}`)}
      <b>${queue.counts[state]}</b></a>`;
  };
  const select = (name: string, label: string, options: [string, string][], chosen: string | undefined) =>
    html`<label>${label}
      <select name="${name}">
        <option value="">${say(lang, 'any')}</option>
        ${options.map(
          ([value, text]) =>
            html`<option value="${value}" ${value === chosen ? 'selected' : ''}>${text}</option>`,
        )}
      </select></label>`;
  const enumOptions = (fact: string): [string, string][] => {
    const def = flow.facts[fact];
    return def?.type === 'enum' ? Object.entries(def.values).map(([id, text]) => [id, text[lang]]) : [];
  };
  const labelOf = (fact: string, value: unknown) => {
    const def = flow.facts[fact];
    return def?.type === 'enum' && typeof value === 'string' ? (def.values[value]?.[lang] ?? value) : '';
  };
  const shown = queue.rows;
  const body = html`
${notice ? html`<p class="notice">${notice}</p>` : ''}
<p class="counts">${QUEUE_STATES.map(stateLink)}</p>
<form method="get" action="/" class="filters">
  <input type="hidden" name="state" value="${choice.state}">
  ${select('exam', say(lang, 'filterExam'), enumOptions('target'), filter.exam)}
  ${select('category', say(lang, 'filterCategory'), enumOptions('category'), filter.category)}
  ${select(
    'route',
    say(lang, 'filterRoute'),
    flow.routes.map((r) => [r.id, `${r.section} ${r.title[lang]}`]),
    filter.route,
  )}
  ${select(
    'special',
    say(lang, 'filterSpecial'),
    specialCases(flow).map((c) => [specialKey(c), c.label[lang]]),
    choice.special,
  )}
  <label><input type="checkbox" name="waiting" value="1" ${filter.waitingLong ? 'checked' : ''}>
    ${say(lang, 'filterWaiting')}</label>
  <label>${say(lang, 'search')} <input type="search" name="q" value="${filter.search ?? ''}"></label>
  <button type="submit">${say(lang, 'apply')}</button>
</form>
<p class="exports"><a href="/export/roster.xlsx?${choice.query}" download>${say(lang, 'exports')}</a></p>
${
  shown.length === 0
    ? html`<p>${say(lang, 'noRows')}</p>`
    : html`<table class="queue">
  <thead><tr>
    <th>${say(lang, 'userId')}</th><th>${say(lang, 'filterExam')}</th><th>${say(lang, 'filterCategory')}</th>
    <th>${say(lang, 'filterRoute')}</th><th>${say(lang, 'submittedAt')}</th><th>${say(lang, 'waiting')}</th>
    <th>${say(lang, 'claimedBy')}</th>
  </tr></thead>
  <tbody>
  ${shown.map(
    (row) => html`<tr>
    <td><a href="/dossiers/${row.applicant.userId}">${row.applicant.userId}</a></td>
    <td>${labelOf('target', row.applicant.answers.target)}</td>
    <td>${labelOf('category', row.applicant.answers.category)}</td>
    <td>${row.routeSection ?? ''}</td>
    <td>${row.applicant.dossier.submittedAt ? formatTime(row.applicant.dossier.submittedAt, timeZone) : ''}</td>
    <td>${row.waitingMs === undefined ? '' : say(lang, 'hours', { n: Math.floor(row.waitingMs / 3_600_000) })}</td>
    <td>${row.claim ? say(lang, 'signedInAs', { id: row.claim.reviewerId }) : say(lang, 'nobody')}</td>
  </tr>`,
  )}
  </tbody>
</table>`
}
${queue.total > shown.length ? html`<p>${say(lang, 'more', { n: queue.total - shown.length })}</p>` : ''}`;
  return page(viewer, say(lang, 'queue'), body);
}
