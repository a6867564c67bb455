import type { Checklist, ChecklistMaterial } from './checklist.js';
import type { Facts, FactValue } from './condition.js';
import type { Flow } from './flow.js';
import { type Lang, localize } from './text.js';

/** The photo count of a material as the applicant reads it: "3 张照片" or "1–2 张照片". */
export function photoCountText(flow: Flow, material: Pick<ChecklistMaterial, 'photos'>, lang: Lang): string {
  const { min, max } = material.photos;
  return min === max
    ? localize(flow.texts.photoCount, lang, { min })
    : localize(flow.texts.photoRange, lang, { min, max });
}

/** One material as a few plain lines: title, count, what to photograph, form, warnings. */
export function materialLines(flow: Flow, m: ChecklistMaterial, lang: Lang): string[] {
  const count = [photoCountText(flow, m, lang)];
  if (m.copies > 1) count.unshift(localize(flow.texts.copies, lang, { copies: m.copies }));
  const lines = [`${m.title[lang]} — ${count.join(', ')}`];
  if (m.accepts) lines.push(`  · ${m.accepts[lang]}`);
  for (const shot of m.shots) lines.push(`  · ${shot[lang]}`);
  if (m.note) lines.push(`  · ${m.note[lang]}`);
  if (m.form)
    lines.push(
      `  · ${localize(flow.texts.labelValue, lang, { label: flow.texts.printForm[lang], value: m.form.name[lang] })}`,
    );
  if (m.warning) lines.push(`  ! ${m.warning[lang]}`);
  return lines;
}

/** How an answer reads: the value's label, "是/否", or the number. */
export function answerLabel(flow: Flow, fact: string, value: FactValue, lang: Lang): string {
  const def = flow.facts[fact];
  if (def?.type === 'enum' && typeof value === 'string') return def.values[value]?.[lang] ?? value;
  if (typeof value === 'boolean') return localize(value ? flow.texts.yes : flow.texts.no, lang);
  return String(value);
}

/**
 * The heading of a checklist: the deciding route when eligible; when not, the applicant's own situation
 * ("您的情况：执业医师、大专、…：否"), never the title of a route whose conditions they do not meet.
 */
export function checklistHeading(
  flow: Flow,
  checklist: Checklist,
  facts: Facts,
  lang: Lang,
): string | undefined {
  if (checklist.eligible)
    return checklist.route && `${routeSection(checklist.route.section, lang)} ${checklist.route.title[lang]}`;
  const parts = (checklist.situation ?? []).flatMap((fact) => {
    const value = facts[fact];
    if (value === undefined) return [];
    const label = answerLabel(flow, fact, value, lang);
    const def = flow.facts[fact];
    return [
      def?.type === 'enum'
        ? label
        : localize(flow.texts.labelValue, lang, { label: def?.label[lang] ?? fact, value: label }),
    ];
  });
  if (parts.length === 0) return undefined;
  return localize(flow.texts.situation, lang, {
    situation: parts.join(localize(flow.texts.listSeparator, lang)),
  });
}

const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** A section of the notice as cited in that language: "（五）1" in Chinese, "(5)1" in English. */
export function routeSection(section: string, lang: Lang): string {
  if (lang === 'zh') return section;
  return section.replace(/（(.+?)）/g, (_, n: string) => {
    const index = CHINESE_NUMERALS.indexOf(n);
    return `(${index < 0 ? n : index + 1})`;
  });
}

/** The whole checklist as plain text (for the terminal; the bot formats its own messages). */
export function checklistText(flow: Flow, checklist: Checklist, lang: Lang, facts: Facts): string {
  const out: string[] = [];
  const heading = checklistHeading(flow, checklist, facts, lang);
  if (heading) out.push(heading);
  if (!checklist.eligible) {
    out.push(flow.texts.ineligible[lang], headingLine(flow, flow.texts.reasonsHeading[lang], lang));
    for (const reason of checklist.reasons) out.push(`- ${reason[lang]}`);
  } else {
    out.push(flow.texts.eligible[lang], '', headingLine(flow, flow.texts.materialsHeading[lang], lang));
    checklist.materials.forEach((m, i) => {
      const [first, ...rest] = materialLines(flow, m, lang);
      out.push(`${i + 1}. ${first}`, ...rest);
    });
    if (checklist.notes.length > 0) {
      out.push('', headingLine(flow, flow.texts.notesHeading[lang], lang));
      for (const note of checklist.notes) out.push(`- ${note[lang]}`);
    }
  }
  out.push('', localize(flow.texts.window, lang, { start: flow.window.start, end: flow.window.end }));
  for (const h of checklist.helplines)
    out.push(localize(flow.texts.helpline, lang, { label: h.label[lang], phone: h.phone }));
  return out.join('\n');
}

/** A heading that introduces a list: "原因：" / "Why:". */
function headingLine(flow: Flow, heading: string, lang: Lang): string {
  return localize(flow.texts.labelValue, lang, { label: heading, value: '' }).trimEnd();
}
