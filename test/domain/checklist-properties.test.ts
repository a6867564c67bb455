import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildChecklist } from '../../src/domain/checklist.js';
import type { FactValue } from '../../src/domain/condition.js';
import { withDefaults } from '../../src/domain/facts.js';
import type { FactDef, Flow } from '../../src/domain/flow.js';
import { loadCurrentFlow } from '../helpers/flow.js';

let flow: Flow;
beforeAll(async () => {
  flow = await loadCurrentFlow();
});

/** Any valid value of one fact, built from the flow's own definition so a new flow is covered too. */
function factValue(def: FactDef): fc.Arbitrary<FactValue> {
  switch (def.type) {
    case 'enum':
      return fc.constantFrom(...Object.keys(def.values));
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: def.min, max: def.max });
    case 'number':
      return fc.oneof(
        fc.integer({ min: def.min, max: def.max }),
        fc.double({ min: def.min, max: def.max, noNaN: true, noDefaultInfinity: true }),
      );
  }
}

/** Every combination of facts the contract allows: each optional fact present or absent. */
function anyFacts(flow: Flow) {
  const shape: Record<string, fc.Arbitrary<FactValue | undefined>> = {};
  for (const [name, def] of Object.entries(flow.facts)) {
    shape[name] = def.required ? factValue(def) : fc.option(factValue(def), { nil: undefined });
  }
  return fc.record(shape);
}

const HAS_CHINESE = /[\u4e00-\u9fff]/;

describe('the rules over every combination of facts', () => {
  it('answer eligible with a duplicate-free catalogued list, or ineligible with Chinese reasons, never throwing', () => {
    fc.assert(
      fc.property(anyFacts(flow), (raw) => {
        const checklist = buildChecklist(flow, withDefaults(flow, raw));
        if (checklist.eligible) {
          const ids = checklist.materials.map((m) => m.id);
          expect(ids.length).toBeGreaterThan(0);
          expect(new Set(ids).size).toBe(ids.length);
          for (const m of checklist.materials) {
            expect(flow.materials[m.id]).toBeDefined();
            expect(m.copies).toBeGreaterThanOrEqual(1);
            expect(m.photos.min).toBeLessThanOrEqual(m.photos.max);
          }
          expect(checklist.reasons).toEqual([]);
        } else {
          expect(checklist.materials).toEqual([]);
          expect(checklist.reasons.length).toBeGreaterThan(0);
          for (const reason of checklist.reasons) expect(reason.zh).toMatch(HAS_CHINESE);
        }
        expect(checklist.helplines.length).toBeGreaterThan(0);
        for (const text of [...checklist.reasons, ...checklist.notes]) expect(text.zh).not.toMatch(/\{\w+\}/);
      }),
      { numRuns: 3000 },
    );
  });

  it('always asks for a proof of identity when eligible', () => {
    fc.assert(
      fc.property(anyFacts(flow), (raw) => {
        const checklist = buildChecklist(flow, withDefaults(flow, raw));
        const ids = checklist.materials.map((m) => m.id);
        return !checklist.eligible || ids.includes('identity') !== ids.includes('temporary_identity');
      }),
      { numRuns: 1000 },
    );
  });
});
