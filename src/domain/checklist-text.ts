import type { Checklist, ChecklistMaterial } from './checklist.js';
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
  if (m.form) lines.push(`  · ${flow.texts.printForm[lang]}: ${m.form.name[lang]}`);
  if (m.warning) lines.push(`  ! ${m.warning[lang]}`);
  return lines;
}

/** The whole checklist as plain text (for the terminal; the bot formats its own messages). */
export function checklistText(flow: Flow, checklist: Checklist, lang: Lang): string {
  const out: string[] = [];
  if (checklist.route) out.push(`${checklist.route.section} ${checklist.route.title[lang]}`);
  if (!checklist.eligible) {
    out.push(flow.texts.ineligible[lang], `${flow.texts.reasonsHeading[lang]}:`);
    for (const reason of checklist.reasons) out.push(`- ${reason[lang]}`);
  } else {
    out.push(flow.texts.eligible[lang], '', `${flow.texts.materialsHeading[lang]}:`);
    checklist.materials.forEach((m, i) => {
      const [first, ...rest] = materialLines(flow, m, lang);
      out.push(`${i + 1}. ${first}`, ...rest);
    });
    if (checklist.notes.length > 0) {
      out.push('', `${flow.texts.notesHeading[lang]}:`);
      for (const note of checklist.notes) out.push(`- ${note[lang]}`);
    }
  }
  out.push('', localize(flow.texts.window, lang, { start: flow.window.start, end: flow.window.end }));
  for (const h of checklist.helplines)
    out.push(localize(flow.texts.helpline, lang, { label: h.label[lang], phone: h.phone }));
  return out.join('\n');
}
