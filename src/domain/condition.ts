import { z } from 'zod';

export type FactValue = string | number | boolean;
/** An applicant's facts after defaults: a fact without an answer and without a default is absent. */
export type Facts = Readonly<Record<string, FactValue | undefined>>;

/**
 * A rule's test over the applicant's facts, written as data in the flow file.
 * `material` is true when the applicant's current checklist holds any of the ids; only questions may use it.
 */
export type Condition =
  | { fact: string; is: FactValue }
  | { fact: string; in: FactValue[] }
  | { fact: string; atLeast: number }
  | { fact: string; below: number }
  | { fact: string; present: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { material: string[] };

/** A condition that tests one fact or the checklist, as opposed to combining others. */
export type LeafCondition = Exclude<
  Condition,
  { all: Condition[] } | { any: Condition[] } | { not: Condition }
>;

const FactValueSchema = z.union([z.string(), z.number(), z.boolean()]);

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ fact: z.string(), is: FactValueSchema }).strict(),
    z.object({ fact: z.string(), in: z.array(FactValueSchema).min(1) }).strict(),
    z.object({ fact: z.string(), atLeast: z.number() }).strict(),
    z.object({ fact: z.string(), below: z.number() }).strict(),
    z.object({ fact: z.string(), present: z.boolean() }).strict(),
    z.object({ all: z.array(ConditionSchema).min(1) }).strict(),
    z.object({ any: z.array(ConditionSchema).min(1) }).strict(),
    z.object({ not: ConditionSchema }).strict(),
    z.object({ material: z.array(z.string()).min(1) }).strict(),
  ]),
);

export interface ConditionContext {
  readonly facts: Facts;
  /** Material ids of the applicant's current checklist; needed only by `material` conditions. */
  readonly materials?: ReadonlySet<string>;
}

/** Whether `condition` holds. A comparison with an absent fact is false (`present` is how to ask for one). */
export function holds(condition: Condition, context: ConditionContext): boolean {
  if ('all' in condition) return condition.all.every((c) => holds(c, context));
  if ('any' in condition) return condition.any.some((c) => holds(c, context));
  if ('not' in condition) return !holds(condition.not, context);
  if ('material' in condition) {
    if (!context.materials)
      throw new Error('a material condition needs the checklist; only questions may use one');
    const { materials } = context;
    return condition.material.some((id) => materials.has(id));
  }
  const value = context.facts[condition.fact];
  if ('present' in condition) return (value !== undefined) === condition.present;
  if (value === undefined) return false;
  if ('is' in condition) return value === condition.is;
  if ('in' in condition) return condition.in.includes(value);
  if (typeof value !== 'number') return false;
  if ('atLeast' in condition) return value >= condition.atLeast;
  return value < condition.below;
}

/** Every fact a condition reads, for the flow checker's "nothing reads this fact" rule. */
export function factsReadBy(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(factsReadBy);
  if ('any' in condition) return condition.any.flatMap(factsReadBy);
  if ('not' in condition) return factsReadBy(condition.not);
  if ('material' in condition) return [];
  return [condition.fact];
}

/** Whether a condition needs the applicant's checklist (it has a `material` test). */
export function readsChecklist(condition: Condition): boolean {
  if ('all' in condition) return condition.all.some(readsChecklist);
  if ('any' in condition) return condition.any.some(readsChecklist);
  if ('not' in condition) return readsChecklist(condition.not);
  return 'material' in condition;
}
