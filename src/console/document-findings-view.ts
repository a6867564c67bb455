import { html } from 'hono/html';
import { toDocumentNotes } from '../domain/document-findings.js';
import type { DossierPhoto } from '../domain/dossier.js';
import type { Flow } from '../domain/flow.js';
import type { Lang, Text } from '../domain/text.js';
import { say } from './console-text.js';
import type { Html } from './page-layout.js';

/**
 * What the reader found on one picture, beside it (issue 14): the notes `nmle check-photo` and the Telegram
 * review give (another material, an ID number failing its check digit), and the name printed on it, marked
 * when the documents do not agree. Nothing for a picture that was not read.
 */
export function pictureFindings(
  flow: Flow,
  photo: DossierPhoto,
  lang: Lang,
  differing: ReadonlySet<string>,
): Html | string {
  const { findings } = photo;
  if (!findings) return '';
  const notes = toDocumentNotes(findings, photo.materialId, (id) => titleOf(flow, id));
  const name = findings.name;
  if (notes.length === 0 && name === undefined) return '';
  return html`<ul class="findings">
    ${notes.map((note) => html`<li class="warn" data-finding="${note.code}">⚠️ ${note.message[lang]}</li>`)}
    ${
      name === undefined
        ? ''
        : html`<li class="${differing.has(name) ? 'warn' : ''}" data-finding="name">${say(lang, 'nameRead', { name })}</li>`
    }
  </ul>`;
}

/** The names printed on the dossier's documents when they are not all the same; empty when they agree. */
export function differingNames(photos: readonly DossierPhoto[]): Set<string> {
  const names = new Set(
    photos.flatMap((photo) => (photo.findings?.name === undefined ? [] : [photo.findings.name])),
  );
  return names.size < 2 ? new Set() : names;
}

/** Above the materials: each name read and the documents it is on, when they differ. */
export function differingNamesLine(flow: Flow, photos: readonly DossierPhoto[], lang: Lang): Html | string {
  const byName = new Map<string, Set<string>>();
  for (const photo of photos) {
    const name = photo.findings?.name;
    if (name === undefined) continue;
    byName.set(name, (byName.get(name) ?? new Set()).add(titleOf(flow, photo.materialId)[lang]));
  }
  if (byName.size < 2) return '';
  const separator = lang === 'zh' ? '、' : ', ';
  const names = [...byName]
    .map(([name, titles]) =>
      lang === 'zh'
        ? `${name}（${[...titles].join(separator)}）`
        : `${name} (${[...titles].join(separator)})`,
    )
    .join(lang === 'zh' ? '；' : '; ');
  return html`<p class="warn names-differ" role="note">${say(lang, 'namesDiffer', { names })}</p>`;
}

function titleOf(flow: Flow, materialId: string): Text {
  return flow.materials[materialId]?.title ?? { zh: materialId, en: materialId };
}
