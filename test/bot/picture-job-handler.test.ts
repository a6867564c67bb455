import type { Telegram } from 'telegraf';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PictureJob } from '../../src/app/ports/work-queue.js';
import type { BotDeps } from '../../src/bot/bot-deps.js';
import { pictureJobHandler } from '../../src/bot/photo-intake.js';
import { t } from '../../src/bot/render.js';
import type { Flow } from '../../src/domain/flow.js';
import { pdfFormPrinter } from '../../src/forms/form-printer.js';
import { createLogger } from '../../src/log.js';
import { fakeInspector, IN_WINDOW } from '../app/use-case-fixtures.js';
import { applicantOf, ELIGIBLE_ANSWERS } from '../helpers/applicants.js';
import { loadCurrentFlow } from '../helpers/flow.js';
import {
  memoryApplicants,
  memoryNotifier,
  memoryPictures,
  memoryReviewerDrafts,
} from '../helpers/memory-ports.js';

const USER = 5151;
const JOB: PictureJob = {
  updateId: 31,
  userId: USER,
  chatId: USER,
  materialId: 'identity',
  fileId: 'file-31',
  fileUniqueId: 'unique-31',
};

let flow: Flow;
beforeAll(async () => {
  flow = await loadCurrentFlow();
});

/** The handler on ports in memory; `download` false makes every download fail as Telegram's getFile can. */
function setUp({ download = true } = {}) {
  const applicants = memoryApplicants([applicantOf(USER, { answers: ELIGIBLE_ANSWERS })]);
  const pictures = memoryPictures();
  const sent: string[] = [];
  const telegram = {
    getFileLink: async () => {
      if (!download) throw new Error('500: Internal Server Error');
      return new URL(`data:image/jpeg;base64,${Buffer.from([1, 2, 3, 4]).toString('base64')}`);
    },
    sendMessage: async (_chatId: number, html: string) => {
      sent.push(html);
      return {};
    },
  } as unknown as Telegram;
  const deps: BotDeps = {
    flow,
    applicants,
    clock: { now: () => IN_WINDOW },
    log: createLogger('silent'),
    reviewerIds: [],
    inspector: fakeInspector(),
    pictures,
    notifier: memoryNotifier(),
    reviewers: memoryReviewerDrafts() as unknown as BotDeps['reviewers'],
    printer: pdfFormPrinter,
  };
  return { handle: pictureJobHandler(deps, telegram), applicants, pictures, sent };
}

describe('the picture job handler', () => {
  it('counts a picture once when its job runs again after it was counted, and says its answer again, marked', async () => {
    const { handle, applicants, pictures, sent } = setUp();
    await handle(JOB, { finalAttempt: false });
    const answered = sent.length;
    expect(answered).toBeGreaterThan(0);
    await handle(JOB, { finalAttempt: false });
    const photos = (await applicants.get(USER))?.dossier.photos ?? [];
    expect(photos.map((p) => p.fileUniqueId)).toEqual(['unique-31']);
    expect(pictures.bytes.size).toBe(1);
    // Its answer said again, marked as such (the attempt that counted it may have died before answering),
    // with the count as it stands: not "already sent", not a second picture counted.
    expect(sent).toHaveLength(answered + 1);
    expect(sent.at(-1)).toMatch(/^（再发一次：上一条回复可能没有送达）\n✅ 已收到：.* 1\/\d/);
  });

  it('leaves a failed download to the next attempt, and reports it on the last one', async () => {
    const { handle, applicants, sent } = setUp({ download: false });
    await expect(handle(JOB, { finalAttempt: false })).rejects.toThrow('500');
    expect(sent).toEqual([]);
    await handle(JOB, { finalAttempt: true });
    expect(sent).toEqual([t(flow, 'photoProcessingFailed', 'zh')]);
    expect((await applicants.get(USER))?.dossier.photos).toEqual([]);
  });
});
