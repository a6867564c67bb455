/**
 * What the bot says about what the offline reader found on an accepted picture (issue 14): sent after the
 * verdict, never instead of it. Texts here rather than in the flow: they name materials from the flow, and
 * adding required text keys would make every older flow file invalid.
 */
import type { Telegram } from 'telegraf';
import type { PictureReading } from '../app/read-picture.js';
import { readPicture } from '../app/read-picture.js';
import { ID_NUMBER_INVALID_MESSAGE } from '../domain/document-findings.js';
import type { DossierPhoto } from '../domain/dossier.js';
import type { Flow } from '../domain/flow.js';
import { fillTemplate, type Lang, type Text } from '../domain/text.js';
import type { BotDeps } from './bot-deps.js';
import { materialIndex } from './dossier-views.js';
import { escapeHtml } from './html.js';
import { button, type View } from './render.js';
import { sendView } from './send-view.js';

const TEXTS = {
  looksLike: { zh: '这张看起来是{other}，不是{mine}。', en: 'This looks like the {other}, not the {mine}.' },
  moveButton: { zh: '放到{other}下', en: 'Put it under {other}' },
  keepButton: { zh: '仍放在{mine}下', en: 'Keep it under {mine}' },
  moved: {
    zh: '已放到{to}下（{toHave}/{toMax}）。{from}现在有 {fromHave}/{fromMax} 张。',
    en: 'Moved to {to} ({toHave}/{toMax}). {from} now has {fromHave}/{fromMax}.',
  },
  kept: { zh: '好的，仍放在{mine}下。', en: 'OK, it stays under {mine}.' },
  targetFull: {
    zh: '{to}已有 {max} 张，放不下了：请先删除或替换其中一张。',
    en: '{to} already has {max} pictures: delete or replace one first.',
  },
  alreadyMoved: { zh: '这张已经在{to}下了。', en: 'This picture is already under {to}.' },
  idNumberInvalid: { zh: '（{mine}）', en: ' ({mine})' },
} as const satisfies Record<string, Text>;

/** A material's short name for a sentence: its title up to the first bracket (有效身份证明, not the whole list). */
export function shortTitle(flow: Flow, materialId: string, lang: Lang): string {
  const title = flow.materials[materialId]?.title[lang] ?? materialId;
  return title.split(/[（(]/)[0]?.trim() || title;
}

const say = (text: Text, lang: Lang, vars: Record<string, string | number>) =>
  escapeHtml(fillTemplate(text[lang], vars));

/** "This looks like the diploma, not the ID card": move it there, or keep it. */
export function looksLikeView(flow: Flow, reading: PictureReading): View | undefined {
  const { applicant, photo, findings } = reading;
  if (findings.looksLike === undefined) return undefined;
  const { lang } = applicant;
  const other = shortTitle(flow, findings.looksLike, lang);
  const mine = shortTitle(flow, photo.materialId, lang);
  return {
    html: say(TEXTS.looksLike, lang, { other, mine }),
    buttons: [
      [
        button(fillTemplate(TEXTS.moveButton[lang], { other }), {
          kind: 'movePhoto',
          photo: photo.id,
          material: materialIndex(flow, findings.looksLike),
        }),
      ],
      [button(fillTemplate(TEXTS.keepButton[lang], { mine }), { kind: 'keepPhoto', photo: photo.id })],
    ],
  };
}

/** An ID number on the picture that cannot be right, and what to check. */
export function idNumberInvalidView(flow: Flow, reading: PictureReading): View | undefined {
  const { applicant, photo, findings } = reading;
  if (findings.invalidIdNumbers === 0) return undefined;
  const { lang } = applicant;
  const mine = shortTitle(flow, photo.materialId, lang);
  return {
    html: `${escapeHtml(ID_NUMBER_INVALID_MESSAGE[lang])}${say(TEXTS.idNumberInvalid, lang, { mine })}`,
    buttons: [],
  };
}

export function movedView(
  flow: Flow,
  lang: Lang,
  moved: { to: string; toHave: number; toMax: number; from: string; fromHave: number; fromMax: number },
): string {
  return say(TEXTS.moved, lang, {
    ...moved,
    to: shortTitle(flow, moved.to, lang),
    from: shortTitle(flow, moved.from, lang),
  });
}

export const keptText = (flow: Flow, lang: Lang, mine: string) =>
  say(TEXTS.kept, lang, { mine: shortTitle(flow, mine, lang) });
export const targetFullText = (flow: Flow, lang: Lang, to: string, max: number) =>
  say(TEXTS.targetFull, lang, { to: shortTitle(flow, to, lang), max });
export const alreadyMovedText = (flow: Flow, lang: Lang, to: string) =>
  say(TEXTS.alreadyMoved, lang, { to: shortTitle(flow, to, lang) });

/**
 * After an accepted picture: reads it (off the verdict's path: the verdict was already sent) and, when the
 * reader found something, asks once whether to move it, or points out an ID number that cannot be right.
 * Never throws: what the reader says is advisory, and its failure is only logged.
 */
export async function followUpReading(
  deps: BotDeps,
  telegram: Telegram,
  userId: number,
  chatId: number,
  pictureId: string,
): Promise<void> {
  const { reader, flow } = deps;
  if (!reader) return;
  try {
    const reading = await readPicture({ ...deps, reader }, userId, pictureId);
    if (!reading) return;
    for (const view of [looksLikeView(flow, reading), idNumberInvalidView(flow, reading)])
      if (view) await sendView(telegram, chatId, view);
  } catch (error) {
    deps.log.warn({ err: error }, 'picture could not be read');
  }
}

const REVIEW_TEXTS = {
  looksLike: { zh: '⚠️ 第{n}张看起来是{other}', en: '⚠️ picture {n} looks like the {other}' },
  idNumberInvalid: {
    zh: '⚠️ 第{n}张上的身份证号码校验位不符',
    en: '⚠️ the ID number on picture {n} fails its check digit',
  },
  namesDiffer: { zh: '⚠️ 各证件上的姓名不一致：{names}', en: '⚠️ the names on the documents differ: {names}' },
} as const satisfies Record<string, Text>;

/** For a reviewer, beside a material's count: what the reader found on each of its pictures. */
export function reviewFindingLines(flow: Flow, photos: readonly DossierPhoto[], lang: Lang): string[] {
  const lines: string[] = [];
  photos.forEach((photo, i) => {
    const { findings } = photo;
    if (findings?.looksLike !== undefined)
      lines.push(
        say(REVIEW_TEXTS.looksLike, lang, { n: i + 1, other: shortTitle(flow, findings.looksLike, lang) }),
      );
    if (findings && findings.invalidIdNumbers > 0)
      lines.push(say(REVIEW_TEXTS.idNumberInvalid, lang, { n: i + 1 }));
  });
  return lines;
}

/** For a reviewer: the names printed on the documents, when they are not all the same (undefined if they are). */
export function differingNamesLine(
  flow: Flow,
  photos: readonly DossierPhoto[],
  lang: Lang,
): string | undefined {
  const byName = new Map<string, Set<string>>();
  for (const photo of photos) {
    const name = photo.findings?.name;
    if (name === undefined) continue;
    byName.set(name, (byName.get(name) ?? new Set()).add(shortTitle(flow, photo.materialId, lang)));
  }
  if (byName.size < 2) return undefined;
  const separator = lang === 'zh' ? '、' : ', ';
  const names = [...byName]
    .map(
      ([name, titles]) =>
        `${name}${lang === 'zh' ? '（' : ' ('}${[...titles].join(separator)}${lang === 'zh' ? '）' : ')'}`,
    )
    .join(separator);
  return say(REVIEW_TEXTS.namesDiffer, lang, { names });
}
