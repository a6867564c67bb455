import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Applicant, newApplicant } from '../../src/domain/applicant.js';
import type { Dossier } from '../../src/domain/dossier.js';
import { createApplicantStore } from '../../src/storage/applicant-store.js';
import { openStore } from '../../src/storage/open-store.js';

/** A finished interview of an eligible applicant (a clinical bachelor), as the bot stores the answers. */
export const ELIGIBLE_ANSWERS = {
  target: 'physician',
  category: 'clinical',
  education: 'bachelor',
  upgradedFromCollege: false,
  diplomaLost: false,
  idCardLost: false,
  institutions: 1,
} as const;

/** The interview stopped after the first answer. */
export const STARTED_ANSWERS = { target: 'physician' } as const;

export const FLOW_ID = '2020-weihai';

/** An applicant of the current flow, Chinese, with a draft dossier unless `dossier` says otherwise. */
export function applicantOf(
  userId: number,
  options: {
    answers?: Applicant['answers'];
    dossier?: Partial<Dossier>;
    lang?: Applicant['lang'];
    inactive?: boolean;
    flowId?: string;
  } = {},
): Applicant {
  const base = newApplicant({
    userId,
    chatId: userId,
    lang: options.lang ?? 'zh',
    flowId: options.flowId ?? FLOW_ID,
    now: new Date('2020-03-18T09:00:00+08:00'),
  });
  return {
    ...base,
    answers: options.answers ?? STARTED_ANSWERS,
    dossier: { ...base.dossier, ...options.dossier },
    inactive: options.inactive ?? false,
  };
}

/** A fresh data dir and its store URL. */
export function tempDataDir(): { dataDir: string; storeUrl: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'nmle-reminders-'));
  return { dataDir, storeUrl: `sqlite://${join(dataDir, 'nmle.sqlite')}` };
}

/** Writes applicants straight into the store at `storeUrl`, as the bot would have, and closes it. */
export async function seedApplicants(storeUrl: string, applicants: readonly Applicant[]): Promise<void> {
  const store = await openStore(storeUrl);
  try {
    const applicantStore = createApplicantStore(store.keyv, {
      onCorrupt: (error) => {
        throw error;
      },
    });
    await Promise.all(
      applicants.map((a) => applicantStore.update(a.userId, () => ({ record: a, result: undefined }))),
    );
  } finally {
    await store.close();
  }
}
