import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applicantOf, ELIGIBLE_ANSWERS } from '../helpers/applicants.js';
import { type ConsoleFixture, createConsoleFixture, REVIEWER_A } from './console-fixture.js';

const FIRST = 4_400_000;
/** One more than a queue page holds (QUEUE_PAGE_ROWS), plus a handful with other answers. */
const CLINICAL = 203;
const TCM = 7;

describe('the console queue with more dossiers than one page', () => {
  let fx: ConsoleFixture;
  let cookie: string;
  beforeEach(async () => {
    fx = await createConsoleFixture();
    for (let i = 0; i < CLINICAL + TCM; i += 1) {
      const userId = FIRST + i;
      const answers = i < CLINICAL ? ELIGIBLE_ANSWERS : { ...ELIGIBLE_ANSWERS, category: 'tcm' };
      // Submitted a minute apart, the last written the oldest: the order comes from the time, not the writes.
      const submittedAt = new Date(Date.parse('2020-03-23T01:00:00.000Z') - i * 60_000).toISOString();
      const record = applicantOf(userId, { answers, dossier: { state: 'submitted', submittedAt } });
      await fx.deps.applicants.update(userId, () => ({ record, result: undefined }));
    }
    ({ cookie } = await fx.signIn(REVIEWER_A));
  });
  afterEach(async () => {
    await fx.close();
  });

  const listed = (page: string) =>
    [...page.matchAll(/<a href="\/dossiers\/(\d+)">/g)].map((m) => Number(m[1]));

  it('counts every dossier, lists the oldest 200 and says how many more there are', async () => {
    const page = await (await fx.request('/', { cookie })).text();
    expect(page).toMatch(new RegExp(`待审核\\s*<b>${CLINICAL + TCM}</b>`));
    const ids = listed(page);
    expect(ids).toHaveLength(200);
    expect(ids[0]).toBe(FIRST + CLINICAL + TCM - 1);
    expect(ids.at(-1)).toBe(FIRST + CLINICAL + TCM - 200);
    expect(page).toContain(`另有 ${CLINICAL + TCM - 200} 份未显示`);
  });

  it('counts the matches of a filter, not the whole state', async () => {
    const clinical = await (await fx.request('/?category=clinical', { cookie })).text();
    expect(listed(clinical)).toHaveLength(200);
    expect(clinical).toContain(`另有 ${CLINICAL - 200} 份未显示`);
    const tcm = await (await fx.request('/?category=tcm&route=bachelor_physician', { cookie })).text();
    expect(listed(tcm).sort()).toEqual(Array.from({ length: TCM }, (_, i) => FIRST + CLINICAL + i).sort());
    expect(tcm).not.toContain('未显示');
  });
});
