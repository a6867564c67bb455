import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ConsoleFixture,
  cookieOf,
  createConsoleFixture,
  form,
  REVIEWER_A,
  REVIEWER_B,
} from './console-fixture.js';

const APPLICANT = 4_200_017;

let fx: ConsoleFixture;
beforeEach(async () => {
  fx = await createConsoleFixture();
  await fx.seedSubmitted(APPLICANT);
});
afterEach(async () => {
  await fx.close();
});

/** Nothing about the applicant changed: still waiting, nobody told, nothing audited, nobody on it. */
async function expectUnchanged() {
  expect((await fx.deps.applicants.get(APPLICANT))?.dossier.state).toBe('submitted');
  expect(fx.notifier.sent).toEqual([]);
  expect(await fx.deps.audit.latest(10)).toEqual([]);
  expect(await fx.deps.claims.running(fx.clock.now())).toEqual([]);
}

const stamp = () => Date.parse('2020-03-23T01:00:00.000Z').toString(36);
const DATA_GETS = [
  '/',
  '/?state=submitted&q=42',
  `/dossiers/${APPLICANT}`,
  `/dossiers/${APPLICANT}/pictures/p1`,
  `/dossiers/${APPLICANT}/audit`,
  '/audit',
  '/export/roster.xlsx',
  `/export/photos.zip?applicant=${APPLICANT}`,
];
const POSTS = [
  '/next',
  `/dossiers/${APPLICANT}/approve`,
  `/dossiers/${APPLICANT}/return`,
  `/dossiers/${APPLICANT}/reject`,
  '/sign-out',
];

describe('the console without a session', () => {
  it.each(DATA_GETS)('answers GET %s with 401 and none of the applicant’s data', async (path) => {
    const response = await fx.request(path);
    expect(response.status).toBe(401);
    const body = await response.text();
    expect(body).not.toContain(String(APPLICANT));
    expect(response.headers.get('Content-Type') ?? '').not.toMatch(/image|zip|spreadsheet/);
  });

  it.each(POSTS)('answers POST %s with 401 and changes nothing', async (path) => {
    const response = await fx.request(path, {
      method: 'POST',
      ...form([
        ['stamp', stamp()],
        ['redo', 'identity'],
        ['reason', 'x'],
      ]),
    });
    expect(response.status).toBe(401);
    await expectUnchanged();
  });

  it('gives nothing for a made-up session cookie', async () => {
    const response = await fx.request(`/dossiers/${APPLICANT}`, { cookie: `nmle_console=${'A'.repeat(43)}` });
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain(String(APPLICANT));
  });
});

describe('sign-in links', () => {
  it('shows a sign-in button on GET and does not spend the link', async () => {
    const token = await fx.linkToken(REVIEWER_A);
    const opened = await fx.request(`/sign-in/${token}`);
    expect(opened.status).toBe(200);
    const page = await opened.text();
    expect(page).toContain(`<form method="post" action="/sign-in/${token}">`);
    expect(cookieOf(opened)).toBeUndefined();
    const signedIn = await fx.request(`/sign-in/${token}`, { method: 'POST' });
    expect(signedIn.status).toBe(303);
    expect(cookieOf(signedIn)).toBeDefined();
  });

  it('sets an HttpOnly, SameSite=Strict session cookie, not Secure under http', async () => {
    const token = await fx.linkToken(REVIEWER_A);
    const response = await fx.request(`/sign-in/${token}`, { method: 'POST' });
    const set = response.headers.getSetCookie().find((c) => c.startsWith('nmle_console=')) ?? '';
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Strict/i);
    expect(set).not.toMatch(/Secure/i);
    expect(response.headers.get('Location')).toBe('/');
  });

  it('makes the session cookie Secure (and __Host-) when PUBLIC_URL is https', async () => {
    const secure = await createConsoleFixture({ publicUrl: 'https://review.example.org' });
    try {
      const token = await secure.linkToken(REVIEWER_A);
      const response = await secure.request(`/sign-in/${token}`, { method: 'POST' });
      const set = response.headers.getSetCookie().find((c) => c.startsWith('__Host-nmle_console=')) ?? '';
      expect(set).toMatch(/; Secure/i);
      expect(set).toMatch(/HttpOnly/i);
      expect(set).toMatch(/SameSite=Strict/i);
    } finally {
      await secure.close();
    }
  });

  it('refuses a link used a second time', async () => {
    const token = await fx.linkToken(REVIEWER_A);
    await fx.request(`/sign-in/${token}`, { method: 'POST' });
    const again = await fx.request(`/sign-in/${token}`, { method: 'POST' });
    expect(again.status).toBe(403);
    expect(cookieOf(again)).toBeUndefined();
    expect(await again.text()).toContain('/console');
  });

  it('refuses a link opened after its ten minutes', async () => {
    const token = await fx.linkToken(REVIEWER_A);
    fx.clock.advance(10 * 60_000);
    const late = await fx.request(`/sign-in/${token}`, { method: 'POST' });
    expect(late.status).toBe(403);
    expect(cookieOf(late)).toBeUndefined();
  });

  it('accepts a link just inside its ten minutes', async () => {
    const token = await fx.linkToken(REVIEWER_A);
    fx.clock.advance(10 * 60_000 - 1);
    expect(cookieOf(await fx.request(`/sign-in/${token}`, { method: 'POST' }))).toBeDefined();
  });

  it.each([
    ['a made-up token', 'x'.repeat(43)],
    ['a malformed token', '..%2F..%2Fetc'],
    ['an empty-looking token', '-'],
  ])('refuses %s', async (_, token) => {
    const response = await fx.request(`/sign-in/${token}`, { method: 'POST' });
    expect([403, 404]).toContain(response.status);
    expect(cookieOf(response)).toBeUndefined();
  });

  it('gives no link to someone who is not a reviewer', async () => {
    await expect(fx.linkToken(1234)).rejects.toThrow(/not a reviewer/);
  });

  it('makes tokens of 256 random bits, stored under their hash', async () => {
    const token = await fx.linkToken(REVIEWER_A);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(await fx.deps.links.take(fx.deps.tokens.hash(token))).toMatchObject({ reviewerId: REVIEWER_A });
  });

  it('limits sign-in attempts from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1)
      statuses.push((await fx.request(`/sign-in/${'y'.repeat(43)}`, { method: 'POST' })).status);
    expect(statuses.slice(0, 10).every((s) => s === 403)).toBe(true);
    expect(statuses[10]).toBe(429);
    // Even a good link waits until the window has passed.
    const token = await fx.linkToken(REVIEWER_A);
    expect((await fx.request(`/sign-in/${token}`, { method: 'POST' })).status).toBe(429);
    fx.clock.advance(10 * 60_000);
    expect((await fx.request(`/sign-in/${await fx.linkToken(REVIEWER_A)}`, { method: 'POST' })).status).toBe(
      303,
    );
  });
});

describe('sessions', () => {
  it('ends a session after twelve hours', async () => {
    const { cookie } = await fx.signIn(REVIEWER_A);
    expect((await fx.request('/', { cookie })).status).toBe(200);
    fx.clock.advance(12 * 60 * 60_000);
    expect((await fx.request('/', { cookie })).status).toBe(401);
  });

  it('ends a session on sign-out', async () => {
    const { cookie, csrf } = await fx.signIn(REVIEWER_A);
    const out = await fx.request('/sign-out', { method: 'POST', cookie, ...form([['_csrf', csrf]]) });
    expect(out.status).toBe(303);
    expect(out.headers.getSetCookie().join()).toMatch(/nmle_console=;/);
    expect((await fx.request('/', { cookie })).status).toBe(401);
  });

  it('forgets expired links and sessions, and keeps the ones still open', async () => {
    const { pruneExpiredSignIns, issueSignInLink } = await import('../../src/app/console-sign-in.js');
    const { cookie: old } = await fx.signIn(REVIEWER_A);
    await issueSignInLink(fx.deps, REVIEWER_A);
    fx.clock.advance(12 * 60 * 60_000 + 60_000);
    const { cookie: fresh } = await fx.signIn(REVIEWER_B);
    const unspent = await issueSignInLink(fx.deps, REVIEWER_B);
    // The first session and the first unspent link are past their time; the fresh ones are not.
    expect(await pruneExpiredSignIns(fx.deps)).toEqual({ links: 1, sessions: 1 });
    expect((await fx.request('/', { cookie: old })).status).toBe(401);
    expect((await fx.request('/', { cookie: fresh })).status).toBe(200);
    expect((await fx.request(`/sign-in/${unspent?.token}`, { method: 'POST' })).status).toBe(303);
  });

  it('stops a session whose reviewer was taken off REVIEWER_IDS', async () => {
    const { cookie } = await fx.signIn(REVIEWER_B);
    const narrowed = { ...fx.deps, reviewerIds: [REVIEWER_A] };
    const { openConsoleSession } = await import('../../src/app/console-sign-in.js');
    const id = cookie.split('=')[1] ?? '';
    expect(await openConsoleSession(fx.deps, id)).toBeDefined();
    expect(await openConsoleSession(narrowed, id)).toBeUndefined();
  });
});

describe('CSRF', () => {
  it.each([
    ['without a token', [] as [string, string][]],
    ['with another session’s token', [['_csrf', 'f'.repeat(64)]] as [string, string][]],
  ])('refuses an approval %s with 403 and changes nothing', async (_, extra) => {
    const { cookie } = await fx.signIn(REVIEWER_A);
    const response = await fx.request(`/dossiers/${APPLICANT}/approve`, {
      method: 'POST',
      cookie,
      ...form([['stamp', stamp()], ...extra]),
    });
    expect(response.status).toBe(403);
    await expectUnchanged();
  });

  it('refuses Next and sign-out without the token', async () => {
    const { cookie } = await fx.signIn(REVIEWER_A);
    expect((await fx.request('/next', { method: 'POST', cookie })).status).toBe(403);
    expect((await fx.request('/sign-out', { method: 'POST', cookie })).status).toBe(403);
    expect((await fx.request('/', { cookie })).status).toBe(200);
    await expectUnchanged();
  });

  it('accepts the token as the X-CSRF-Token header', async () => {
    const { cookie, csrf } = await fx.signIn(REVIEWER_A);
    const response = await fx.request(`/dossiers/${APPLICANT}/approve`, {
      method: 'POST',
      cookie,
      ...form([['stamp', stamp()]]),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': csrf },
    });
    expect(response.status).toBe(303);
    expect((await fx.deps.applicants.get(APPLICANT))?.dossier.state).toBe('approved');
  });
});

describe('failures', () => {
  it('answers an outage with 500, the security headers and no details', async () => {
    const { cookie } = await fx.signIn(REVIEWER_A);
    fx.deps.applicants.get = async () => {
      throw new Error('connection refused to db.internal:5432');
    };
    const response = await fx.request(`/dossiers/${APPLICANT}`, { cookie });
    expect(response.status).toBe(500);
    expect(response.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    const body = await response.text();
    expect(body).toContain('内部错误');
    expect(body).not.toContain('db.internal');
  });
});

describe('headers', () => {
  it('sends a CSP without inline script, no framing, nosniff, no referrer and no caching', async () => {
    const { cookie } = await fx.signIn(REVIEWER_A);
    for (const response of [
      await fx.request('/', { cookie }),
      await fx.request(`/dossiers/${APPLICANT}`, { cookie }),
      await fx.request('/'),
    ]) {
      const csp = response.headers.get('Content-Security-Policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
      expect(response.headers.get('Cache-Control')).toBe('no-store');
    }
  });

  it('has no inline script on any page', async () => {
    const { cookie } = await fx.signIn(REVIEWER_A);
    const page = await (await fx.request(`/dossiers/${APPLICANT}`, { cookie })).text();
    expect(page).toMatch(/<script src="\/static\/console.js" defer><\/script>/);
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).not.toMatch(/ on[a-z]+="/);
    expect(page).not.toMatch(/ style="/);
  });
});
