import { describe, expect, it } from 'vitest';
import { DEFAULT_PHOTO_RULES } from '../../src/domain/photo/photo-rules.js';
import { checkPhoto, type PhotoCheck } from '../../src/images/check-photo.js';
import { createConcurrencyLimit } from '../../src/images/limit-concurrency.js';
import { labelledPhotoSet, type PhotoFixture } from '../helpers/photo-fixtures.js';

interface Outcome {
  readonly fixture: PhotoFixture;
  readonly verdict: PhotoCheck;
  readonly expected: string;
  readonly got: string;
}

const labelOf = (codes: readonly string[]) => (codes.length === 0 ? 'ok' : [...codes].sort().join('+'));

async function runLabelledSet(draw: number): Promise<Outcome[]> {
  const limit = createConcurrencyLimit(2);
  return Promise.all(
    labelledPhotoSet(draw).map((fixture) =>
      limit(async () => {
        const verdict = await checkPhoto(await fixture.build(), DEFAULT_PHOTO_RULES);
        const got = labelOf(verdict.problems.map((p) => p.code));
        return { fixture, verdict, expected: labelOf(fixture.expected), got };
      }),
    ),
  );
}

/** Per expected label: how many were labelled right, and what the checker said instead when it erred. */
function confusion(outcomes: readonly Outcome[]): string {
  const right = outcomes.filter((o) => o.expected === o.got).length;
  const lines = [
    `${right}/${outcomes.length} labelled correctly (${((100 * right) / outcomes.length).toFixed(1)} %)`,
  ];
  for (const label of [...new Set(outcomes.map((o) => o.expected))].sort()) {
    const mine = outcomes.filter((o) => o.expected === label);
    const said = new Map<string, number>();
    for (const o of mine) said.set(o.got, (said.get(o.got) ?? 0) + 1);
    const answers = [...said].map(([got, n]) => `${got}×${n}`).join(' ');
    lines.push(
      `  ${label.padEnd(20)}${`${said.get(label) ?? 0}/${mine.length}`.padStart(6)}   got ${answers}`,
    );
  }
  for (const o of outcomes.filter((o) => o.expected !== o.got))
    lines.push(
      `  ✗ ${o.fixture.name}: expected ${o.expected}, got ${o.got} ${JSON.stringify(o.verdict.measurements)}`,
    );
  return lines.join('\n');
}

function expectOutputsInBounds(outcomes: readonly Outcome[]): void {
  for (const { verdict } of outcomes) {
    if (!verdict.output) continue;
    const inputLongSide = Math.max(verdict.measurements.width ?? 0, verdict.measurements.height ?? 0);
    expect(verdict.output.bytes.length).toBeLessThanOrEqual(DEFAULT_PHOTO_RULES.maxBytes);
    expect(Math.max(verdict.output.width, verdict.output.height)).toBeGreaterThanOrEqual(
      Math.min(1200, inputLongSide),
    );
  }
}

describe('the photo checker on the labelled set', () => {
  it('labels at least 95 % of the set its thresholds were tuned on, with every output in bounds', async () => {
    const outcomes = await runLabelledSet(0);
    console.log(`calibration, tuning draw:\n${confusion(outcomes)}`);
    expectOutputsInBounds(outcomes);
    expect(outcomes.filter((o) => o.expected === o.got).length / outcomes.length).toBeGreaterThanOrEqual(
      0.95,
    );
  }, 300_000);

  it('labels at least 95 % of a fresh draw: other pages, other tilts, other noise', async () => {
    const outcomes = await runLabelledSet(1);
    console.log(`calibration, fresh draw:\n${confusion(outcomes)}`);
    expectOutputsInBounds(outcomes);
    expect(outcomes.filter((o) => o.expected === o.got).length / outcomes.length).toBeGreaterThanOrEqual(
      0.95,
    );
  }, 300_000);
});
