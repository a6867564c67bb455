import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueSignInLink } from '../../src/app/console-sign-in.js';
import { createConsoleApp } from '../../src/console/console-app.js';
import { consoleDepsOf } from '../../src/console/console-deps.js';
import type { Applicant } from '../../src/domain/applicant.js';
import { checklistOf } from '../../src/domain/applicant-progress.js';
import type { DossierPhoto } from '../../src/domain/dossier.js';
import type { Flow } from '../../src/domain/flow.js';
import { createLogger } from '../../src/log.js';
import { openAdapters } from '../../src/storage/open-adapters.js';
import { applicantOf, ELIGIBLE_ANSWERS } from '../helpers/applicants.js';
import { loadCurrentFlow } from '../helpers/flow.js';
import { memoryNotifier } from '../helpers/memory-ports.js';

export const REVIEWER_A = 9_000_001;
export const REVIEWER_B = 9_000_002;
/** Submitted three days into the window, 09:00 in Weihai. */
export const SUBMITTED_AT = '2020-03-23T01:00:00.000Z';

/** A clock the test moves by hand. */
export function handClock(startIso: string) {
  let nowMs = Date.parse(startIso);
  return {
    now: () => new Date(nowMs),
    advance(ms: number) {
      nowMs += ms;
    },
  };
}

/**
 * A console on the store adapters `npm start` would open — SQLite in a temp folder, or the PostgreSQL at
 * `storeUrl` — with the outbox in memory, on a hand clock.
 */
export async function createConsoleFixture(
  options: {
    publicUrl?: string;
    storeUrl?: string;
    pictureBytes?: (userId: number, k: number) => Uint8Array;
  } = {},
) {
  const flow = await loadCurrentFlow();
  const dataDir = mkdtempSync(join(tmpdir(), 'nmle-console-'));
  const store = await openAdapters(
    { storeUrl: options.storeUrl ?? `sqlite://${join(dataDir, 'nmle.sqlite')}`, dataDir, pgPoolSize: 8 },
    {
      onCorrupt: (error) => {
        throw error;
      },
    },
  );
  const clock = handClock('2020-03-25T01:00:00.000Z');
  const notifier = memoryNotifier();
  const { pictures } = store;
  const deps = consoleDepsOf(store, {
    flow,
    clock,
    applicants: store.applicants,
    notifier,
    reviewerIds: [REVIEWER_A, REVIEWER_B],
    publicUrl: options.publicUrl ?? 'http://localhost:8081',
    timeZone: 'Asia/Shanghai',
    log: createLogger('silent'),
  });
  const app = createConsoleApp(deps);
  /** A request to the console as a browser would send it (relative URLs, an optional cookie). */
  const request = (path: string, init: RequestInit & { cookie?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (init.cookie) headers.set('Cookie', init.cookie);
    return app.request(`http://localhost:8081${path}`, { ...init, headers });
  };
  return {
    flow,
    deps,
    clock,
    notifier,
    pictures,
    request,
    /** A reviewer's link token, as /console would make it. */
    async linkToken(reviewerId: number): Promise<string> {
      const issued = await issueSignInLink(deps, reviewerId);
      if (!issued) throw new Error(`${reviewerId} is not a reviewer`);
      return issued.token;
    },
    /** Signs a reviewer in through a link; the session cookie and the CSRF token of their pages. */
    async signIn(reviewerId: number): Promise<{ cookie: string; csrf: string }> {
      const token = await this.linkToken(reviewerId);
      const response = await request(`/sign-in/${token}`, { method: 'POST' });
      const cookie = cookieOf(response);
      if (!cookie) throw new Error(`sign-in failed with ${response.status}`);
      const queue = await (await request('/', { cookie })).text();
      return { cookie, csrf: csrfOf(queue) };
    },
    /** A submitted applicant with every material of their checklist pictured, pictures in the store. */
    async seedSubmitted(userId: number, more: { submittedAt?: string; answers?: Applicant['answers'] } = {}) {
      const base = applicantOf(userId, { answers: more.answers ?? ELIGIBLE_ANSWERS });
      const photos: DossierPhoto[] = [];
      for (const material of checklistOf(flow, base).materials)
        for (let k = 0; k < material.photos.min; k += 1) {
          const id = `p${photos.length + 1}`;
          const bytes = options.pictureBytes?.(userId, k) ?? Uint8Array.from([0xff, 0xd8, userId % 251, k]);
          const file = await pictures.put(userId, id, 'jpeg', bytes);
          photos.push(photoOf(id, material.id, file));
        }
      const applicant: Applicant = {
        ...base,
        dossier: { state: 'submitted', photos, submittedAt: more.submittedAt ?? SUBMITTED_AT },
      };
      await deps.applicants.update(userId, () => ({ record: applicant, result: undefined }));
      return applicant;
    },
    close: () => store.close(),
  };
}

export type ConsoleFixture = Awaited<ReturnType<typeof createConsoleFixture>>;

function photoOf(id: string, materialId: string, file: string): DossierPhoto {
  return {
    id,
    materialId,
    fileId: `f-${id}`,
    fileUniqueId: `u-${id}-${materialId}`,
    hash: '0'.repeat(256),
    file,
    format: 'jpeg',
    bytes: 150_000,
    width: 1600,
    height: 1200,
    addedAt: '2020-03-22T01:00:00.000Z',
  };
}

/** `name=value` of the session cookie a response sets, for the next request's Cookie header. */
export function cookieOf(response: Response): string | undefined {
  const set = response.headers.getSetCookie().find((c) => /nmle_console=/.test(c));
  return set?.split(';')[0];
}

/** The CSRF token a page's forms carry. */
export function csrfOf(page: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!match?.[1]) throw new Error('no CSRF token on the page');
  return match[1];
}

/** A urlencoded form body, repeated names allowed. */
export function form(fields: readonly [string, string][]): { body: string; headers: Record<string, string> } {
  return {
    body: new URLSearchParams([...fields]).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  };
}

export type { Flow };
