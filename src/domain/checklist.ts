import { type Facts, factsReadBy, holds } from './condition.js';
import type { Flow, Form, Helpline, Note, PhotoBounds, Route } from './flow.js';
import { fillTemplate, type Text } from './text.js';

export interface ChecklistMaterial {
  readonly id: string;
  readonly title: Text;
  /** Separate documents of this kind (one per institution where the notice says so). */
  readonly copies: number;
  /** Pictures accepted for this material in total, over all copies. */
  readonly photos: PhotoBounds;
  readonly shots: readonly Text[];
  readonly accepts?: Text;
  readonly warning?: Text;
  /** A route's own remark on this material, e.g. who must issue it. */
  readonly note?: Text;
  readonly form?: { readonly id: string } & Form;
}

/** What an applicant must submit, or why they cannot apply. */
export interface Checklist {
  readonly eligible: boolean;
  /** Why `eligible` is false; empty when it is true. Placeholders already filled. */
  readonly reasons: readonly Text[];
  readonly materials: readonly ChecklistMaterial[];
  /** Obligations that are not uploads. */
  readonly notes: readonly Text[];
  /** The notice's section that decided, when one did. */
  readonly route?: Pick<Route, 'id' | 'section' | 'title'>;
  /**
   * When not eligible: the facts the decision turned on (what the route's `when` and the unmet requirement
   * read), so the applicant is shown their own situation rather than the title of a route they do not meet.
   */
  readonly situation?: readonly string[];
  /** The helplines for the applicant's category; all of them when the category is not known. */
  readonly helplines: readonly Helpline[];
}

/**
 * Applies the flow's rules to the applicant's facts (defaults already filled, see `withDefaults`).
 * The first route whose `when` holds decides; its first unmet `require` item is the reason to refuse; then the adjustments
 * (lost documents, several institutions) apply on top. Never throws for any facts the flow's schema allows.
 */
export function buildChecklist(flow: Flow, facts: Facts): Checklist {
  const helplines = helplinesFor(flow, facts);
  const route = flow.routes.find((r) => holds(r.when, { facts }));
  if (!route) return { ...refused([flow.otherwise], helplines), situation: ['target', 'education'] };
  const routeInfo = { id: route.id, section: route.section, title: route.title };
  const situation = factsReadBy(route.when);
  if (route.ineligible) return { ...refused([route.ineligible], helplines), route: routeInfo, situation };

  // Requirements build on each other (licence, then years): the first unmet one is the reason.
  const unmet = route.require.find((r) => !holds(r.check, { facts }));
  if (unmet) {
    const read = [...new Set([...situation, ...factsReadBy(unmet.check)])];
    return { ...refused([fill(unmet.reason, facts)], helplines), route: routeInfo, situation: read };
  }

  let picked = route.materials
    .map((m) => (typeof m === 'string' ? { id: m } : m))
    .filter((m) => !m.when || holds(m.when, { facts }));
  const notes: Text[] = route.notes.filter((n) => noteApplies(n, facts)).map((n) => fill(noteText(n), facts));

  for (const adjustment of flow.adjustments) {
    if (!holds(adjustment.when, { facts })) continue;
    picked = picked.map((m) => {
      const replacement = adjustment.replace[m.id];
      return replacement ? { ...m, id: replacement } : m;
    });
    if (adjustment.note) notes.push(fill(adjustment.note, facts));
  }

  const seen = new Set<string>();
  const materials: ChecklistMaterial[] = [];
  for (const m of picked) {
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    materials.push(toChecklistMaterial(flow, m.id, facts, 'note' in m ? m.note : undefined));
  }
  for (const m of materials) {
    if (m.form && !notes.includes(m.form.instruction)) notes.push(m.form.instruction);
  }
  return { eligible: true, reasons: [], materials, notes, route: routeInfo, helplines };
}

function toChecklistMaterial(
  flow: Flow,
  id: string,
  facts: Facts,
  note: Text | undefined,
): ChecklistMaterial {
  const material = flow.materials[id];
  // The flow checker guarantees every id used by a route or adjustment is in the catalogue.
  if (!material) throw new Error(`material "${id}" is not in the flow's catalogue`);
  const copiesValue = material.copiesFact ? facts[material.copiesFact] : 1;
  const copies = typeof copiesValue === 'number' && copiesValue >= 1 ? copiesValue : 1;
  const form = material.form ? flow.forms[material.form] : undefined;
  return {
    id,
    title: material.title,
    copies,
    photos: { min: material.photos.min * copies, max: material.photos.max * copies },
    shots: material.shots,
    ...(material.accepts && { accepts: material.accepts }),
    ...(material.warning && { warning: material.warning }),
    ...(note && { note }),
    ...(form && material.form && { form: { id: material.form, ...form } }),
  };
}

function helplinesFor(flow: Flow, facts: Facts): Helpline[] {
  const matching = flow.helplines.filter((h) => holds(h.when, { facts }));
  return matching.length > 0 ? matching : flow.helplines;
}

function refused(reasons: Text[], helplines: Helpline[]): Checklist {
  return { eligible: false, reasons, materials: [], notes: [], helplines };
}

function noteApplies(note: Note, facts: Facts): boolean {
  return !('when' in note) || holds(note.when, { facts });
}

function noteText(note: Note): Text {
  return 'text' in note ? note.text : note;
}

/** Fills `{fact}` placeholders with the applicant's values in both languages. */
function fill(text: Text, facts: Facts): Text {
  return { zh: fillTemplate(text.zh, facts), en: fillTemplate(text.en, facts) };
}
