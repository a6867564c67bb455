import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLOWS_DIR } from '../../src/flows/flow-file.js';
import { checkFlowFile, checkFlowSource } from '../../src/flows/load-flow.js';

const CURRENT = join(FLOWS_DIR, '2020-weihai.yaml');
const source = readFileSync(CURRENT, 'utf8');

/** The current flow with one textual change, which must occur exactly once. */
function broken(find: string, replace: string): string {
  expect(source.split(find).length - 1, `"${find}" must occur once`).toBe(1);
  return source.replace(find, replace);
}

function lineOf(text: string, find: string): number {
  return text.slice(0, text.indexOf(find)).split('\n').length;
}

describe('flow files', () => {
  it.each(readdirSync(FLOWS_DIR).filter((f) => /\.(ya?ml|json)$/.test(f)))(
    '%s loads and validates',
    async (file) => {
      const { flow, problems } = await checkFlowFile(join(FLOWS_DIR, file));
      expect(problems).toEqual([]);
      expect(flow?.routes.length).toBeGreaterThan(0);
    },
  );

  it('holds the 2020 Weihai window and both helplines', async () => {
    const { flow } = await checkFlowFile(CURRENT);
    expect(flow?.window).toEqual({ start: '2020-03-20', end: '2020-03-31' });
    expect(flow?.timezone).toBe('Asia/Shanghai');
    expect(flow?.helplines.map((h) => h.phone)).toEqual(['0631-5300004', '0631-5310880']);
  });

  it('caps every picture at 200,000 bytes, however the portal counts 200 KB', async () => {
    const { flow } = await checkFlowFile(CURRENT);
    expect(flow?.upload.maxBytes).toBe(200_000);
  });
});

describe('a broken flow file', () => {
  it('names an unknown material id in a route, with its path and line', () => {
    const text = broken('      - { id: college_diploma, when:', '      - { id: college_diplomaa, when:');
    const { flow, problems } = checkFlowSource(text);
    expect(flow).toBeUndefined();
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'routes[0].materials[4].id',
        message: expect.stringContaining('unknown material id "college_diplomaa"'),
        line: lineOf(text, 'college_diplomaa'),
      }),
    ]);
  });

  it('names a question that sets a fact nothing reads', () => {
    const text = broken(
      '        - { fact: graduateStatus, is: graduated }\n',
      '        - { fact: graduateStatus, present: true }\n',
    )
      .replace(/ {2}- id: assistant_other_education[\s\S]*?(?=\n {2}- id: village_general_assistant)/, '')
      .replace(
        '    when: { fact: target, in: [physician, assistant] }\n    ineligible:',
        '    when: { fact: target, is: physician }\n    ineligible:',
      );
    const withoutHelplineRead = text
      .replace(
        /- \{ fact: category, in: \[clinical, dental, public_health\] \}/,
        '- { fact: target, is: physician }',
      )
      .replace('- { fact: category, is: tcm }', '- { fact: target, is: assistant }');
    const { problems } = checkFlowSource(withoutHelplineRead);
    expect(problems.map((p) => p.message)).toContain('the question sets fact "category" that nothing reads');
  });

  it('names an unknown fact and a value the fact does not have', () => {
    const text = broken(
      'when: { fact: upgradedFromCollege, is: true }',
      'when: { fact: upgradedFromColege, is: true }',
    ).replace('in: [health_care, rural_medicine]', 'in: [health_care, rural]');
    const messages = checkFlowSource(text).problems.map((p) => `${p.path}: ${p.message}`);
    expect(messages).toContainEqual(
      expect.stringMatching(/^routes\[0\]\.materials\[4\]\.when\.fact: unknown fact "upgradedFromColege"/),
    );
    expect(messages).toContainEqual(expect.stringMatching(/\.in\[1\]: "rural" is not a value of this fact/));
  });

  it('names a missing text key and a wrong type by path', () => {
    const text = broken(
      '  helpline: { zh: "咨询电话（{label}）：{phone}", en: "Helpline ({label}): {phone}" }\n',
      '',
      // The first material of the catalogue is identity.
    ).replace('photos: { min: 3, max: 3 }', 'photos: { min: three, max: 3 }');
    const problems = checkFlowSource(text).problems.map((p) => p.path);
    expect(problems).toContain('texts.helpline');
    expect(problems).toContain('materials.identity.photos.min');
  });

  it('reports a YAML syntax error with its line', () => {
    const text = broken('  end: 2020-03-31\n', '  end: [2020-03-31\n');
    const [problem] = checkFlowSource(text).problems;
    expect(problem?.message).toMatch(/^not valid YAML/);
    expect(problem?.line).toBeGreaterThan(0);
  });

  it('refuses a window that ends before it starts and an unknown time zone', () => {
    const text = broken('  start: 2020-03-20', '  start: 2020-04-20').replace(
      'timezone: Asia/Shanghai',
      'timezone: Asia/Shanghia',
    );
    const messages = checkFlowSource(text).problems.map((p) => p.message);
    expect(messages).toContain('the window ends before it starts');
    expect(messages).toContainEqual(expect.stringContaining('unknown time zone "Asia/Shanghia"'));
  });

  it('reports a missing file as one problem, not an exception', async () => {
    const { problems } = await checkFlowFile(join(FLOWS_DIR, 'no-such-flow.yaml'));
    expect(problems).toEqual([{ path: '', message: 'cannot read the flow file: no such file' }]);
  });
});
