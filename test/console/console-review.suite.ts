import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submissionStamp } from '../../src/domain/review-queue.js';
import { type ConsoleFixture, form, REVIEWER_A, REVIEWER_B } from './console-fixture.js';

const OLDEST = 4_200_001;
const MIDDLE = 4_200_002;
const NEWEST = 4_200_003;
const ID_TITLE = '有效身份证明（正反面及本人手持照片）';
const DIPLOMA_TITLE = '毕业证';

/**
 * The review through the console over HTTP, on one store: run on SQLite (console-review.test.ts) and on
 * PostgreSQL (console-review.postgres.test.ts).
 */
export function describeConsoleReview(
  storeName: string,
  make: () => Promise<{ fixture: ConsoleFixture; close(): Promise<void> }>,
): void {
  describe(`the console review on ${storeName}`, () => {
    let fx: ConsoleFixture;
    let closeStore: () => Promise<void>;
    beforeEach(async () => {
      const made = await make();
      fx = made.fixture;
      closeStore = made.close;
      await fx.seedSubmitted(NEWEST, { submittedAt: '2020-03-24T23:00:00.000Z' });
      await fx.seedSubmitted(OLDEST, { submittedAt: '2020-03-21T01:00:00.000Z' });
      await fx.seedSubmitted(MIDDLE, {
        submittedAt: '2020-03-22T01:00:00.000Z',
        answers: { target: 'physician', category: 'tcm', education: 'bachelor', idCardLost: true },
      });
    });
    afterEach(async () => {
      await closeStore();
    });

    const stampOf = async (id: number) => {
      const applicant = await fx.deps.applicants.get(id);
      if (!applicant) throw new Error(`no applicant ${id}`);
      return submissionStamp(applicant);
    };

    describe('the queue', () => {
      it('shows the counts per state and each waiting applicant’s user id, oldest first', async () => {
        const { cookie } = await fx.signIn(REVIEWER_A);
        const page = await (await fx.request('/', { cookie })).text();
        expect(page).toMatch(/待审核\s*<b>3<\/b>/);
        expect(page).toMatch(/已退回待重传\s*<b>0<\/b>/);
        const order = [OLDEST, MIDDLE, NEWEST].map((id) => page.indexOf(`>${id}</a>`));
        expect(order.every((at) => at > 0)).toBe(true);
        expect([...order].sort((a, b) => a - b)).toEqual(order);
      });

      it('filters by category, special case, waiting over 24 hours and user id', async () => {
        const { cookie } = await fx.signIn(REVIEWER_A);
        const ids = async (query: string) => {
          const page = await (await fx.request(`/?${query}`, { cookie })).text();
          return [OLDEST, MIDDLE, NEWEST].filter((id) => page.includes(`>${id}</a>`));
        };
        expect(await ids('category=tcm')).toEqual([MIDDLE]);
        expect(await ids('special=idCardLost%3Dtrue')).toEqual([MIDDLE]);
        expect(await ids('waiting=1')).toEqual([OLDEST, MIDDLE]);
        expect(await ids(`q=${NEWEST}`)).toEqual([NEWEST]);
        expect(await ids('state=approved')).toEqual([]);
      });

      it('in English on ?lang=en, remembered by a cookie', async () => {
        const { cookie } = await fx.signIn(REVIEWER_A);
        const english = await fx.request('/?lang=en', { cookie });
        expect(await english.text()).toContain('Waiting for review');
        const lang = english.headers
          .getSetCookie()
          .find((c) => c.startsWith('nmle_console_lang='))
          ?.split(';')[0];
        const again = await (await fx.request('/', { cookie: `${cookie}; ${lang}` })).text();
        expect(again).toContain('Waiting for review');
      });
    });

    describe('Next', () => {
      it('claims the oldest dossier nobody is on, and shows other reviewers who holds it', async () => {
        const a = await fx.signIn(REVIEWER_A);
        const b = await fx.signIn(REVIEWER_B);
        const first = await fx.request('/next', {
          method: 'POST',
          cookie: a.cookie,
          ...form([['_csrf', a.csrf]]),
        });
        expect(first.headers.get('Location')).toBe(`/dossiers/${OLDEST}`);
        const second = await fx.request('/next', {
          method: 'POST',
          cookie: b.cookie,
          ...form([['_csrf', b.csrf]]),
        });
        expect(second.headers.get('Location')).toBe(`/dossiers/${MIDDLE}`);

        const queue = await (await fx.request('/', { cookie: b.cookie })).text();
        const row = queue.slice(
          queue.indexOf(`>${OLDEST}</a>`),
          queue.indexOf('</tr>', queue.indexOf(`>${OLDEST}</a>`)),
        );
        expect(row).toContain(`审核员 ${REVIEWER_A}`);
        const dossier = await (await fx.request(`/dossiers/${OLDEST}`, { cookie: b.cookie })).text();
        expect(dossier).toContain(`审核员 ${REVIEWER_A} 正在处理`);
      });

      it('lets the claim go after fifteen minutes', async () => {
        const a = await fx.signIn(REVIEWER_A);
        const b = await fx.signIn(REVIEWER_B);
        await fx.request('/next', { method: 'POST', cookie: a.cookie, ...form([['_csrf', a.csrf]]) });
        fx.clock.advance(15 * 60_000);
        const next = await fx.request('/next', {
          method: 'POST',
          cookie: b.cookie,
          ...form([['_csrf', b.csrf]]),
        });
        expect(next.headers.get('Location')).toBe(`/dossiers/${OLDEST}`);
      });
    });

    describe('a dossier', () => {
      it('shows each material with its pictures, a redo checkbox labelled with its title, and the decisions', async () => {
        const { cookie } = await fx.signIn(REVIEWER_A);
        const page = await (await fx.request(`/dossiers/${OLDEST}`, { cookie })).text();
        expect(page).toContain(`申请人 ${OLDEST} 的材料`);
        expect(page).toContain(`<img src="/dossiers/${OLDEST}/pictures/p1"`);
        // Every field of a return is inside its form, for any client that reads the form as HTML.
        const returnForm =
          new RegExp(`<form method="post" action="/dossiers/${OLDEST}/return"[\\s\\S]*?</form>`).exec(
            page,
          )?.[0] ?? '';
        expect(returnForm).toMatch(
          new RegExp(
            `<label class="redo-check"><input type="checkbox" name="redo" value="identity">${ID_TITLE}</label>`,
          ),
        );
        expect(returnForm).toContain('name="reason:identity" value="unclear"');
        expect(returnForm).toMatch(/<label>反馈（申请人可见） <textarea name="feedback"/);
        expect(returnForm).toMatch(/<button type="submit">[^<]*退回[^<]*<\/button>/);
        expect(returnForm).toContain('name="_csrf"');
        for (const reason of [
          '不清晰',
          '不完整',
          '缺少公章或签字',
          '非原件',
          '与报名信息不一致',
          '方向错误',
          '错传材料',
        ])
          expect(page).toContain(reason);
        expect(page).toMatch(/<button type="submit">[^<]*退回[^<]*<\/button>/);
        expect(page).toMatch(/<button type="submit">[^<]*通过[^<]*<\/button>/);
        const reject = /<form[^>]*id="reject-form"[\s\S]*?<button type="submit">([^<]*)<\/button>/.exec(
          page,
        )?.[1];
        expect(reject).toContain('不符合');
        expect(reject).not.toContain('通过');
        expect(page).toMatch(new RegExp(`<a href="/dossiers/${OLDEST}/audit">审核记录</a>`));
        expect(page).toContain('报考类别');
      });

      it('serves a picture’s bytes to a signed-in reviewer', async () => {
        const { cookie } = await fx.signIn(REVIEWER_A);
        const response = await fx.request(`/dossiers/${OLDEST}/pictures/p1`, { cookie });
        expect(response.status).toBe(200);
        expect(response.headers.get('Content-Type')).toBe('image/jpeg');
        expect([...new Uint8Array(await response.arrayBuffer())].slice(0, 2)).toEqual([0xff, 0xd8]);
        expect((await fx.request(`/dossiers/${OLDEST}/pictures/zz9`, { cookie })).status).toBe(404);
      });
    });

    it('marks what is new since the last return and shows the earlier feedback', async () => {
      const { cookie } = await fx.signIn(REVIEWER_A);
      const applicant = await fx.deps.applicants.get(OLDEST);
      if (!applicant) throw new Error('seeded applicant missing');
      const photos = applicant.dossier.photos.map((p) =>
        p.id === 'p1' ? { ...p, addedAt: '2020-03-24T02:00:00.000Z' } : p,
      );
      const feedback = { text: '身份证反面模糊', materials: ['identity'], at: '2020-03-23T02:00:00.000Z' };
      await fx.deps.applicants.update(OLDEST, () => ({
        record: { ...applicant, dossier: { ...applicant.dossier, photos, feedback } },
        result: undefined,
      }));
      const page = await (await fx.request(`/dossiers/${OLDEST}`, { cookie })).text();
      expect(page.match(/退回后新传/g)).toHaveLength(1);
      expect(page).toContain('此前的审核意见');
      expect(page).toContain('身份证反面模糊');
    });

    describe('exports', () => {
      it('streams the roster as .xlsx and one applicant’s pictures as .zip to a signed-in reviewer', async () => {
        const { cookie } = await fx.signIn(REVIEWER_A);
        const roster = await fx.request('/export/roster.xlsx?state=submitted&category=tcm', { cookie });
        expect(roster.status).toBe(200);
        expect(roster.headers.get('Content-Type')).toContain('spreadsheetml');
        expect(
          Buffer.from(await roster.arrayBuffer())
            .subarray(0, 2)
            .toString(),
        ).toBe('PK');
        const zip = await fx.request(`/export/photos.zip?applicant=${OLDEST}`, { cookie });
        expect(zip.status).toBe(200);
        const bytes = Buffer.from(await zip.arrayBuffer());
        expect(bytes.subarray(0, 2).toString()).toBe('PK');
        expect(bytes.includes(Buffer.from(`${OLDEST}/01_`))).toBe(true);
        expect((await fx.request('/export/photos.zip?applicant=77', { cookie })).status).toBe(404);
      });
    });

    describe('decisions', () => {
      it('returns two materials with template reasons and free text: the applicant is told, the audit records it', async () => {
        const { cookie, csrf } = await fx.signIn(REVIEWER_A);
        const response = await fx.request(`/dossiers/${OLDEST}/return`, {
          method: 'POST',
          cookie,
          ...form([
            ['_csrf', csrf],
            ['stamp', await stampOf(OLDEST)],
            ['redo', 'identity'],
            ['reason:identity', 'unclear'],
            ['reason:identity', 'wrong_orientation'],
            ['redo', 'diploma'],
            ['reason:diploma', 'not_original'],
            ['feedback', '请在白天重拍'],
            ['note', '反面反光严重'],
          ]),
        });
        expect(response.status).toBe(303);
        const applicant = await fx.deps.applicants.get(OLDEST);
        expect(applicant?.dossier.state).toBe('returned');
        expect(applicant?.dossier.feedback?.materials).toEqual(['identity', 'diploma']);

        expect(fx.notifier.sent).toHaveLength(1);
        const alert = fx.notifier.sent[0]?.html ?? '';
        expect(alert).toContain(`${ID_TITLE}：不清晰、方向错误`);
        expect(alert).toContain(`${DIPLOMA_TITLE}：非原件`);
        expect(alert).toContain('请在白天重拍');
        expect(alert).not.toContain('反面反光严重');

        const audit = await (await fx.request(`/dossiers/${OLDEST}/audit`, { cookie })).text();
        expect(audit).toContain(`审核员 ${REVIEWER_A}`);
        expect(audit).toContain('2020-03-25 09:00');
        expect(audit).toContain('待审核 → 已退回待重传');
        expect(audit).toContain(`${ID_TITLE}</td>`);
        expect(audit).toContain('不清晰、方向错误');
        expect(audit).toContain('反面反光严重');
        expect(await (await fx.request('/audit', { cookie })).text()).toContain(`>${OLDEST}</a>`);
      });

      it('refuses a return that marks no material, and changes nothing', async () => {
        const { cookie, csrf } = await fx.signIn(REVIEWER_A);
        const response = await fx.request(`/dossiers/${OLDEST}/return`, {
          method: 'POST',
          cookie,
          ...form([
            ['_csrf', csrf],
            ['stamp', await stampOf(OLDEST)],
            ['feedback', '请重拍'],
          ]),
        });
        expect(response.status).toBe(400);
        expect(await response.text()).toContain('请至少勾选一项需要重新上传的材料');
        expect((await fx.deps.applicants.get(OLDEST))?.dossier.state).toBe('submitted');
        expect(fx.notifier.sent).toEqual([]);
      });

      it.each([
        ['a rejection without a reason', 'reject', [['reason', '  ']], '请填写不符合的原因'],
        [
          'a return of a material not on the checklist',
          'return',
          [['redo', 'student_card']],
          '不在该申请人的材料清单中',
        ],
      ] as const)('refuses %s with 400 and changes nothing', async (_, kind, fields, says) => {
        const { cookie, csrf } = await fx.signIn(REVIEWER_A);
        const response = await fx.request(`/dossiers/${OLDEST}/${kind}`, {
          method: 'POST',
          cookie,
          ...form([
            ['_csrf', csrf],
            ['stamp', await stampOf(OLDEST)],
            ...fields.map(([k, v]) => [k, v] as [string, string]),
          ]),
        });
        expect(response.status).toBe(400);
        expect(await response.text()).toContain(says);
        expect((await fx.deps.applicants.get(OLDEST))?.dossier.state).toBe('submitted');
        expect(fx.notifier.sent).toEqual([]);
        expect(await fx.deps.audit.forApplicant(OLDEST)).toEqual([]);
      });

      it('rejects with a reason; the applicant gets it with the helpline', async () => {
        const { cookie, csrf } = await fx.signIn(REVIEWER_B);
        const fields: [string, string][] = [
          ['_csrf', csrf],
          ['stamp', await stampOf(OLDEST)],
          ['reason', '学历不符合报考条件'],
        ];
        const response = await fx.request(`/dossiers/${OLDEST}/reject`, {
          method: 'POST',
          cookie,
          ...form(fields),
        });
        expect(response.status).toBe(303);
        expect((await fx.deps.applicants.get(OLDEST))?.dossier.state).toBe('rejected');
        expect(fx.notifier.sent[0]?.html).toContain('学历不符合报考条件');
        expect(fx.notifier.sent[0]?.html).toContain('0631-5300004');
      });

      it('of two reviewers approving one submission at once, lets only the first win: the other gets 409', async () => {
        const a = await fx.signIn(REVIEWER_A);
        const b = await fx.signIn(REVIEWER_B);
        const stamp = await stampOf(MIDDLE);
        const approve = (who: { cookie: string; csrf: string }) =>
          fx.request(`/dossiers/${MIDDLE}/approve`, {
            method: 'POST',
            cookie: who.cookie,
            ...form([
              ['_csrf', who.csrf],
              ['stamp', stamp],
            ]),
          });
        const statuses = (await Promise.all([approve(a), approve(b)])).map((r) => r.status).sort();
        expect(statuses).toEqual([303, 409]);
        expect(fx.notifier.sent).toHaveLength(1);
        expect(await fx.deps.audit.forApplicant(MIDDLE)).toHaveLength(1);
      });

      it('answers 409 to a decision on a submission that was returned and submitted again since', async () => {
        const { cookie, csrf } = await fx.signIn(REVIEWER_A);
        const old = await stampOf(NEWEST);
        await fx.seedSubmitted(NEWEST, { submittedAt: '2020-03-25T00:30:00.000Z' });
        const late = await fx.request(`/dossiers/${NEWEST}/approve`, {
          method: 'POST',
          cookie,
          ...form([
            ['_csrf', csrf],
            ['stamp', old],
          ]),
        });
        expect(late.status).toBe(409);
        expect(await late.text()).toContain('已经被处理');
        expect((await fx.deps.applicants.get(NEWEST))?.dossier.state).toBe('submitted');
      });
    });
  });
}
