import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nmle, nmleProcess, tempFiles } from '../helpers/cli.js';

function factsFile(facts: unknown): string {
  return join(
    tempFiles({ 'facts.json': typeof facts === 'string' ? facts : JSON.stringify(facts) }),
    'facts.json',
  );
}

describe('nmle checklist', () => {
  it('prints the contract JSON for a 专升本 bachelor', async () => {
    const run = await nmle([
      'checklist',
      '--facts',
      factsFile({ target: 'physician', education: 'bachelor', upgradedFromCollege: true }),
      '--json',
    ]);
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.eligible).toBe(true);
    expect(out.reasons).toEqual([]);
    expect(out.materials[0]).toEqual({
      id: 'identity',
      title: '有效身份证明（正反面及本人手持照片）',
      copies: 1,
      photos: { min: 3, max: 3 },
    });
    expect(out.materials.map((m: { id: string }) => m.id)).toContain('college_diploma');
    expect(out.notes.length).toBeGreaterThan(0);
  });

  it('gives Chinese reasons and no materials to an ineligible applicant', async () => {
    const run = await nmle([
      'checklist',
      '--json',
      '--facts',
      factsFile({
        target: 'physician',
        education: 'secondary',
        holdsAssistantLicence: true,
        assistantPracticeYears: 4,
      }),
    ]);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ eligible: false, materials: [] });
    expect(out.reasons[0]).toContain('满五年');
  });

  it('prints a readable checklist without --json, in English with --lang en', async () => {
    const run = await nmle([
      'checklist',
      '--lang',
      'en',
      '--facts',
      factsFile({ target: 'mentorship_assistant' }),
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Mentorship / proven expertise certificate');
    expect(run.stdout).toContain('0631-5310880');
  });

  it('follows --flow and the FLOW variable', async () => {
    const missing = await nmle(['checklist', '--facts', factsFile({ target: 'assistant' })], {
      FLOW: 'flows/none.yaml',
    });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('flows/none.yaml: (top): cannot read the flow file: no such file');
  });

  it.each([
    [
      { target: 'physician', education: 'phd' },
      'education: expected one of secondary, college, bachelor, graduate; got "phd"',
    ],
    [
      { target: 'physician', institutions: '2' },
      'institutions: expected a whole number from 1 to 20; got "2"',
    ],
    [{ target: 'physician', institutions: 0 }, 'institutions: expected a whole number from 1 to 20; got 0'],
    [{ target: 'physician', idCardLost: 'yes' }, 'idCardLost: expected true or false; got "yes"'],
    [{ education: 'college' }, 'target: is required: expected one of physician'],
    [{ target: 'physician', educaton: 'college' }, 'unknown field(s) educaton'],
    [[1], '(facts): expected a JSON object of facts'],
    ['{"target":', 'not valid JSON'],
  ])('refuses bad facts %j with one line naming the field', async (facts, message) => {
    const run = await nmle(['checklist', '--json', '--facts', factsFile(facts)]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    [['checklist'], '--facts is required'],
    [['checklist', '--facts'], "Option '--facts <value>' argument missing"],
    [['checklist', '--facts', 'x.json', '--colour'], "Unknown option '--colour'"],
    [['checklist', '--facts', 'nope.json'], 'nope.json: no such file'],
    [['checklist', '--facts', 'x.json', '--lang', 'fr'], '--lang: expected one of zh, en'],
    [['bogus'], "unknown command 'bogus'"],
  ])('exits 2 with one line for usage %j', async (args, message) => {
    const run = await nmle(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('the nmle executable', () => {
  it('prints usage for --help and exits 0', () => {
    const run = nmleProcess(['checklist', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: nmle checklist --facts <file.json>');
  });

  it('reports a broken facts file in one line, without a stack trace', () => {
    const run = nmleProcess(['checklist', '--json', '--facts', factsFile({ target: 'doctor' })]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports every problem of a broken flow file with its line', () => {
    const dir = tempFiles({ 'bad.yaml': 'schemaVersion: 1\nid: x\n' });
    const run = nmleProcess(['flows', 'check', join(dir, 'bad.yaml')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/bad\.yaml:1: title: is required/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('finds the current flow valid', () => {
    const run = nmleProcess(['flows', 'check']);
    expect(run.stdout).toContain('flows/2020-weihai.yaml: ok');
    expect(run.status).toBe(0);
  });
});
