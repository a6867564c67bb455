import { z } from 'zod';
import type { Facts, FactValue } from './condition.js';
import type { FactDef, Flow } from './flow.js';

/** The zod schema of one fact's value, with messages that say what was expected. */
export function factValueSchema(def: FactDef): z.ZodType<FactValue> {
  switch (def.type) {
    case 'enum': {
      const values = Object.keys(def.values);
      return z.enum(values as [string, ...string[]], {
        error: (issue) => `expected one of ${values.join(', ')}; got ${JSON.stringify(issue.input)}`,
      });
    }
    case 'boolean':
      return z.boolean({ error: (issue) => `expected true or false; got ${JSON.stringify(issue.input)}` });
    case 'number':
    case 'integer': {
      const kind = def.type === 'integer' ? 'a whole number' : 'a number';
      const expected = `expected ${kind} from ${def.min} to ${def.max}`;
      const base = z.number({ error: (issue) => `${expected}; got ${JSON.stringify(issue.input)}` });
      return (def.type === 'integer' ? base.int({ error: (i) => `${expected}; got ${i.input}` }) : base)
        .min(def.min, { error: (i) => `${expected}; got ${i.input}` })
        .max(def.max, { error: (i) => `${expected}; got ${i.input}` });
    }
  }
}

const schemaByDef = new WeakMap<FactDef, z.ZodType<FactValue>>();

/** Whether `value` is a valid value of the fact (for answers typed or pressed in the chat). */
export function isValidFactValue(def: FactDef, value: unknown): value is FactValue {
  // Building a zod schema costs far more than using one; this runs on every answer.
  let schema = schemaByDef.get(def);
  if (!schema) {
    schema = factValueSchema(def);
    schemaByDef.set(def, schema);
  }
  return schema.safeParse(value).success;
}

/** The schema of a facts object under `flow`: unknown fields refused, required ones required. */
export function factsSchema(flow: Flow): z.ZodType<Record<string, FactValue | undefined>> {
  const shape: Record<string, z.ZodType<FactValue | undefined>> = {};
  for (const [name, def] of Object.entries(flow.facts)) {
    const value = factValueSchema(def);
    shape[name] = def.required ? value : value.optional();
  }
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field(s) ${issue.keys.join(', ')}; expected only ${Object.keys(flow.facts).join(', ')}`
        : 'expected a JSON object of facts',
  });
}

export type FactsParseResult = { ok: true; facts: Facts } | { ok: false; field: string; message: string };

/** Validates unknown input as facts and fills the defaults; a failure names the field and what was expected. */
export function parseFacts(flow: Flow, input: unknown): FactsParseResult {
  const result = factsSchema(flow).safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.map(String).join('.') ?? '';
    const absent = field !== '' && typeof input === 'object' && input !== null && !(field in input);
    const message = issue?.message ?? 'invalid';
    return {
      ok: false,
      field: field || '(facts)',
      message: absent ? `is required: ${message.replace(/; got undefined$/, '')}` : message,
    };
  }
  return { ok: true, facts: withDefaults(flow, result.data) };
}

const defaultsByFlow = new WeakMap<Flow, Readonly<Record<string, FactValue>>>();

/** The flow's fact defaults, computed once per flow: this sits on the hot path of every update. */
function defaultsOf(flow: Flow): Readonly<Record<string, FactValue>> {
  let defaults = defaultsByFlow.get(flow);
  if (!defaults) {
    const found: Record<string, FactValue> = {};
    for (const [name, def] of Object.entries(flow.facts))
      if (def.default !== undefined) found[name] = def.default;
    defaults = found;
    defaultsByFlow.set(flow, defaults);
  }
  return defaults;
}

/** The facts with every absent fact that has a default set to it. */
export function withDefaults(flow: Flow, facts: Facts): Facts {
  const filled: Record<string, FactValue | undefined> = { ...defaultsOf(flow) };
  for (const [name, value] of Object.entries(facts)) if (value !== undefined) filled[name] = value;
  return filled;
}
