import { type Condition, factsReadBy, type LeafCondition } from './condition.js';
import type { FactDef, Flow } from './flow.js';
import { isTimeZone } from './review-window.js';
import { placeholdersOf, type Text } from './text.js';

/** A problem at a place in the flow document, e.g. `['routes', 3, 'materials', 2]`. */
export interface FlowIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

type Path = readonly (string | number)[];

/**
 * Checks what the schema cannot: that every id and fact a rule names exists, that values fit their facts,
 * and that every question's answer is read by something. Returns every issue found, in document order.
 */
export function checkFlowSemantics(flow: Flow): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const report = (path: Path, message: string) => issues.push({ path, message });
  const factNames = Object.keys(flow.facts);
  const materialIds = Object.keys(flow.materials);
  const read = new Set<string>();

  const checkCondition = (condition: Condition, path: Path, allowMaterial = false) => {
    for (const fact of factsReadBy(condition)) read.add(fact);
    walkCondition(condition, path, (leaf, at) => {
      if ('material' in leaf) {
        if (!allowMaterial) report(at, 'a material condition may be used only in a question’s `when`');
        leaf.material.forEach((id, i) => {
          if (!flow.materials[id]) report([...at, 'material', i], unknownMaterial(id, materialIds));
        });
        return;
      }
      const def = flow.facts[leaf.fact];
      if (!def) {
        report([...at, 'fact'], `unknown fact "${leaf.fact}"; expected one of ${factNames.join(', ')}`);
        return;
      }
      if ('is' in leaf) checkValue(def, leaf.is, [...at, 'is'], report);
      if ('in' in leaf) leaf.in.forEach((v, i) => checkValue(def, v, [...at, 'in', i], report));
      if (('atLeast' in leaf || 'below' in leaf) && def.type !== 'number' && def.type !== 'integer') {
        report(at, `"${leaf.fact}" is a ${def.type} fact; atLeast/below compare numbers only`);
      }
    });
  };
  const checkPlaceholders = (text: Text, path: Path) => {
    for (const lang of ['zh', 'en'] as const) {
      for (const name of placeholdersOf(text[lang])) {
        if (flow.facts[name]) read.add(name);
        else report([...path, lang], `placeholder {${name}} names no fact`);
      }
    }
  };

  if (!isTimeZone(flow.timezone))
    report(['timezone'], `unknown time zone "${flow.timezone}"; expected e.g. Asia/Shanghai`);
  if (!isRealDate(flow.window.start))
    report(['window', 'start'], `"${flow.window.start}" is not a calendar date`);
  if (!isRealDate(flow.window.end)) report(['window', 'end'], `"${flow.window.end}" is not a calendar date`);
  if (flow.window.start > flow.window.end) report(['window'], 'the window ends before it starts');

  for (const [name, def] of Object.entries(flow.facts)) {
    if (def.type === 'enum' && def.default !== undefined && !(def.default in def.values)) {
      report(
        ['facts', name, 'default'],
        `default "${def.default}" is not one of ${Object.keys(def.values).join(', ')}`,
      );
    }
    if ((def.type === 'number' || def.type === 'integer') && def.min > def.max) {
      report(['facts', name], 'min is greater than max');
    }
  }

  flow.helplines.forEach((h, i) => checkCondition(h.when, ['helplines', i, 'when']));

  for (const [id, material] of Object.entries(flow.materials)) {
    if (material.form && !flow.forms[material.form]) {
      report(
        ['materials', id, 'form'],
        `unknown form "${material.form}"; expected one of ${Object.keys(flow.forms).join(', ') || '(none defined)'}`,
      );
    }
    if (material.copiesFact) {
      const def = flow.facts[material.copiesFact];
      read.add(material.copiesFact);
      if (def?.type !== 'integer')
        report(['materials', id, 'copiesFact'], `"${material.copiesFact}" must name an integer fact`);
    }
  }

  const routeIds = new Set<string>();
  flow.routes.forEach((route, r) => {
    const at = ['routes', r] as const;
    if (routeIds.has(route.id)) report([...at, 'id'], `duplicate route id "${route.id}"`);
    routeIds.add(route.id);
    checkCondition(route.when, [...at, 'when']);
    route.require.forEach((req, i) => {
      checkCondition(req.check, [...at, 'require', i, 'check']);
      checkPlaceholders(req.reason, [...at, 'require', i, 'reason']);
    });
    if (route.ineligible && route.materials.length > 0)
      report([...at, 'materials'], 'an ineligible route lists no materials');
    if (!route.ineligible && route.materials.length === 0)
      report(at, 'a route needs materials, or `ineligible` with a reason');
    route.materials.forEach((m, i) => {
      const id = typeof m === 'string' ? m : m.id;
      const path = typeof m === 'string' ? [...at, 'materials', i] : [...at, 'materials', i, 'id'];
      if (!flow.materials[id]) report(path, unknownMaterial(id, materialIds));
      if (typeof m !== 'string' && m.when) checkCondition(m.when, [...at, 'materials', i, 'when']);
    });
    route.notes.forEach((note, i) => {
      if ('when' in note) checkCondition(note.when, [...at, 'notes', i, 'when']);
      checkPlaceholders('text' in note ? note.text : note, [...at, 'notes', i]);
    });
  });

  flow.adjustments.forEach((adj, a) => {
    checkCondition(adj.when, ['adjustments', a, 'when']);
    for (const [from, to] of Object.entries(adj.replace)) {
      if (!flow.materials[from])
        report(['adjustments', a, 'replace', from], unknownMaterial(from, materialIds));
      if (!flow.materials[to]) report(['adjustments', a, 'replace', from], unknownMaterial(to, materialIds));
    }
    if (adj.note) checkPlaceholders(adj.note, ['adjustments', a, 'note']);
  });

  const asked = new Set<string>();
  flow.questions.forEach((q, i) => {
    if (q.when) checkCondition(q.when, ['questions', i, 'when'], true);
    if (!flow.facts[q.fact])
      report(['questions', i, 'fact'], `unknown fact "${q.fact}"; expected one of ${factNames.join(', ')}`);
    if (asked.has(q.fact)) report(['questions', i, 'fact'], `fact "${q.fact}" is asked twice`);
    asked.add(q.fact);
  });
  flow.questions.forEach((q, i) => {
    if (flow.facts[q.fact] && !read.has(q.fact))
      report(['questions', i, 'fact'], `the question sets fact "${q.fact}" that nothing reads`);
  });
  for (const [name, def] of Object.entries(flow.facts)) {
    if (def.required && !asked.has(name)) report(['facts', name], `required fact "${name}" has no question`);
    if (read.has(name) && !asked.has(name) && def.default === undefined) {
      report(
        ['facts', name],
        `fact "${name}" is read by the rules but no question asks it and it has no default`,
      );
    }
  }
  return issues;
}

function walkCondition(
  condition: Condition,
  path: Path,
  visit: (leaf: LeafCondition, path: Path) => void,
): void {
  if ('all' in condition) condition.all.forEach((c, i) => walkCondition(c, [...path, 'all', i], visit));
  else if ('any' in condition) condition.any.forEach((c, i) => walkCondition(c, [...path, 'any', i], visit));
  else if ('not' in condition) walkCondition(condition.not, [...path, 'not'], visit);
  else visit(condition, path);
}

function checkValue(
  def: FactDef,
  value: unknown,
  path: Path,
  report: (path: Path, message: string) => void,
): void {
  if (def.type === 'enum' && (typeof value !== 'string' || !(value in def.values))) {
    report(
      path,
      `${JSON.stringify(value)} is not a value of this fact; expected one of ${Object.keys(def.values).join(', ')}`,
    );
  } else if (def.type === 'boolean' && typeof value !== 'boolean') {
    report(path, `expected true or false; got ${JSON.stringify(value)}`);
  } else if ((def.type === 'number' || def.type === 'integer') && typeof value !== 'number') {
    report(path, `expected a number; got ${JSON.stringify(value)}`);
  }
}

function unknownMaterial(id: string, known: readonly string[]): string {
  return `unknown material id "${id}"; expected one of ${known.join(', ')}`;
}

function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
}
