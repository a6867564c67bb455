import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Message } from '../../src/emulator/bot-api-types.js';
import type { SimulatedUser } from '../../src/emulator/simulated-user.js';
import {
  createTestBotApiEmulator,
  type TestBotApiEmulator,
} from '../../src/emulator/testing/test-bot-api-emulator.js';
import { textOf } from '../helpers/applicant-driver.js';
import { type BotProcess, startBotProcess } from '../helpers/bot-process.js';
import { describeWithTool } from '../helpers/describe-with-tool.js';
import { NGINX, type RunningNginx, startNginx } from '../helpers/nginx.js';
import { freePort } from '../helpers/playground-process.js';
import { createTestSchema, describeWithPostgres, type TestSchema } from '../helpers/postgres.js';
import { asTelegramPhoto, distinctDocumentPhotos } from '../helpers/telegram-photos.js';
import { waitUntil } from '../helpers/wait-until.js';

// Issue 11's promise, end to end: two bot processes in webhook mode on one PostgreSQL, behind deploy/'s nginx
// site, the emulator posting updates to nginx as Telegram does. One instance is killed with SIGKILL while
// thirty applicants interview and send albums, and started again; nothing an applicant did is lost or done
// twice. What an applicant sees twice is only a reply marked as sent again (the dead instance may or may not
// have sent it: see resendWhereYouAre).
const SECRET = 'e2e-two_instances-0123456789';
const PATH = '/telegram/updates';
const RESENT = '（再发一次';
const APPLICANTS = 30;
/** Clinical bachelors: seven questions, the last one typed. */
const BACHELOR = ['执业医师', '临床', '本科', '否', '否', '否', 1] as const;
/** 师承和确有专长 (（七）): three questions, then an album of three pictures for the ID card (it takes three). */
const MENTORSHIP = ['师承和确有专长助理医师', '否', 1] as const;
const ID_CARD = '有效身份证明（正反面及本人手持照片）';
/** A picture job held by the killed instance waits for its lock to lapse (30 s) and the next stalled check. */
const PICTURE_WAIT_MS = 100_000;

/** Every message the bot sent or edited in a chat, as it read at that moment, in order. */
function recordChat(user: SimulatedUser): Message[] {
  const seen: Message[] = [];
  user
    .waitForMessage(
      (message) => {
        seen.push(message);
        return false;
      },
      { after: 0, timeoutMs: 600_000 },
    )
    .catch(() => undefined);
  return seen;
}

/** Waits for a message showing `pattern` and returns it. */
const waitFor = (user: SimulatedUser, pattern: string | RegExp, timeoutMs = 30_000) =>
  user.waitForMessage(
    (m) => (typeof pattern === 'string' ? textOf(m).includes(pattern) : pattern.test(textOf(m))),
    { timeoutMs },
  );

/** Answers each question once it is shown: buttons on the message that shows it, numbers typed. */
async function interview(user: SimulatedUser, answers: readonly (string | number)[]): Promise<void> {
  await user.sendText('/start');
  for (const [index, answer] of answers.entries()) {
    const question = await waitFor(user, `第 ${index + 1} 题`);
    if (typeof answer === 'number') await user.sendText(String(answer));
    else await user.pressButton(answer, { messageId: question.message_id });
  }
  await waitFor(user, '您符合报考条件');
}

/** A text message's update as Telegram posts it, for posting by hand (past the emulator). */
function textUpdate(updateId: number, userId: number, text: string) {
  const person = { id: userId, first_name: 'A' };
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { ...person, type: 'private' },
      from: { ...person, is_bot: false },
      text,
    },
  };
}

describeWithPostgres('two instances behind nginx on one PostgreSQL', () => {
  describeWithTool('with nginx', 'nginx-light', [NGINX], () => {
    let schema: TestSchema;
    let emulator: TestBotApiEmulator;
    let nginx: RunningNginx | undefined;
    const ports: number[] = [];
    const instances: BotProcess[] = [];
    let env: (port: number) => Record<string, string>;

    beforeAll(async () => {
      schema = await createTestSchema();
      emulator = createTestBotApiEmulator({ webhook: { timeScale: 0.01 } });
      const { apiRoot } = await emulator.start();
      ports.push(await freePort(), await freePort());
      nginx = await startNginx(ports);
      env = (port) => ({
        BOT_TOKEN: emulator.botToken,
        TELEGRAM_API_ROOT: apiRoot,
        STORE_URL: schema.url,
        WEBHOOK_URL: `${nginx?.base}${PATH}`,
        WEBHOOK_SECRET: SECRET,
        WEBHOOK_PORT: String(port),
        DOCUMENT_READER: 'off',
        NMLE_CLOCK: '2020-03-25T09:00:00+08:00',
      });
      // Started together: the migrations' lock lets one migrate while the other waits.
      instances.push(...(await Promise.all(ports.map((port) => startBotProcess(env(port))))));
    }, 90_000);

    afterAll(async () => {
      await Promise.all(instances.map((i) => i.stop()));
      await nginx?.stop();
      await emulator?.stop();
      await schema?.admin.query(`DROP SCHEMA IF EXISTS ${schema.name}_jobs CASCADE`);
      await schema?.drop();
    });

    it('loses and repeats nothing when one instance is killed mid-run: interviews, albums, messages', async () => {
      const pictures = await distinctDocumentPhotos(3);
      const album = await Promise.all(
        pictures.map(async (p) => ({ type: 'photo' as const, sizes: await asTelegramPhoto(p) })),
      );
      const users = Array.from({ length: APPLICANTS }, () => emulator.createUser());
      const history = users.map(recordChat);
      const mentorship = (i: number) => i % 2 === 0;
      const runs = users.map(async (user, i) => {
        if (!mentorship(i)) return interview(user, BACHELOR);
        await interview(user, MENTORSHIP);
        await user.sendAlbum(album);
        const counted = new Set<string>();
        while (counted.size < 3) {
          const answer = textOf(await waitFor(user, /已收到：.* \d\/3/, PICTURE_WAIT_MS));
          counted.add(answer.match(/ (\d)\/3/)?.[1] ?? '');
        }
      });

      // SIGKILL the first instance once a third of the updates are in, then start it again on the same port.
      await waitUntil('a third of the updates delivered', () => emulator.webhookStats().deliveries >= 90, {
        timeoutMs: 60_000,
      });
      const killed = instances[0] as BotProcess;
      await killed.stop('SIGKILL');
      instances[0] = await startBotProcess(env(ports[0] as number));

      await Promise.all(runs);
      await emulator.whenIdle({ timeoutMs: 30_000 });

      // Every interview ended with the verdict, and every answer was stored once, as given.
      const stored = await schema.admin.query<{ record: { answers: Record<string, unknown> } }>(
        'SELECT record FROM applicants',
      );
      expect(stored.rows).toHaveLength(APPLICANTS);
      for (const row of stored.rows) expect(row.record.answers).toMatchObject({ institutions: 1 });
      // Each picture counted once: three per album, the ID card full.
      const photos = await schema.admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pictures');
      expect(photos.rows[0]?.n).toBe(3 * (APPLICANTS / 2));
      for (const [i, user] of users.entries()) {
        if (!mentorship(i)) continue;
        await user.sendText('/status');
        expect(textOf(await waitFor(user, '材料状态'))).toContain(`✅ ${ID_CARD} 3/3`);
      }

      // No question asked twice and no message sent twice, but for replies marked as sent again; and none
      // of the bot's Bot API calls refused.
      let resent = 0;
      for (const [i, seen] of history.entries()) {
        const marked = seen.filter((m) => textOf(m).startsWith(RESENT));
        resent += marked.length;
        const plain = seen.filter((m) => !textOf(m).startsWith(RESENT));
        const steps = mentorship(i) ? MENTORSHIP.length : BACHELOR.length;
        for (let k = 1; k <= steps; k++) {
          const shown = plain.filter((m) => textOf(m).includes(`第 ${k} 题`)).map((m) => m.message_id);
          expect(new Set(shown).size, `user ${i}: question ${k} shown ${shown.length}×`).toBeLessThanOrEqual(
            1,
          );
          expect(
            shown.length + marked.filter((m) => textOf(m).includes(`第 ${k} 题`)).length,
          ).toBeGreaterThan(0);
        }
        const texts = plain.map(textOf);
        expect(texts.length - new Set(texts).size, `user ${i} got a message twice`).toBe(0);
      }
      expect(emulator.stats().errors).toEqual({});
      // The killed instance had updates in hand: the next took them over (its replies marked at most once each).
      expect(resent).toBeLessThanOrEqual(64);
      console.info(
        `two instances: ${emulator.webhookStats().deliveries} updates, ${emulator.webhookStats().retries} posted again, ${resent} replies sent again`,
      );
    }, 240_000);

    it('refuses an update with a wrong secret, changing nothing', async () => {
      const user = emulator.createUser();
      const update = textUpdate(7_700_001, user.id, '/start');
      const posted = await fetch(`${nginx?.base}${PATH}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': 'not-the-secret' },
        body: JSON.stringify(update),
      });
      expect(posted.status).toBe(401);
      const rows = await schema.admin.query('SELECT 1 FROM applicants WHERE user_id = $1', [user.id]);
      expect(rows.rows).toEqual([]);
      const logged = await schema.admin.query('SELECT 1 FROM processed_updates WHERE update_id = $1', [
        update.update_id,
      ]);
      expect(logged.rows).toEqual([]);
      expect(user.messages()).toEqual([]);
    });

    it('answers again, marked, an update applied by an instance that died before noting it', async () => {
      const user = emulator.createUser();
      await user.sendText('/start');
      for (const [index, answer] of MENTORSHIP.slice(0, 2).entries()) {
        const question = await waitFor(user, `第 ${index + 1} 题`);
        await user.pressButton(answer as string, { messageId: question.message_id });
      }
      await waitFor(user, '第 3 题');
      const update = textUpdate(7_700_002, user.id, '2');
      const post = () =>
        fetch(`http://127.0.0.1:${ports[1]}${PATH}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
          body: JSON.stringify(update),
        });
      expect((await post()).status).toBe(200);
      expect(textOf(await waitFor(user, '您符合报考条件'))).not.toContain(RESENT);
      // As if the instance had died between storing the answer and noting the update: it comes again.
      await schema.admin.query('DELETE FROM processed_updates WHERE update_id = $1', [update.update_id]);
      const before = user.messages().length;
      expect((await post()).status).toBe(200);
      const again = textOf(await waitFor(user, RESENT));
      expect(again).toContain('您符合报考条件');
      expect(user.messages()).toHaveLength(before + 1);
      // Applied once: the answer stands as first given, and a third delivery is only acknowledged.
      const row = await schema.admin.query('SELECT record FROM applicants WHERE user_id = $1', [user.id]);
      expect(row.rows[0].record.answers.institutions).toBe(2);
      expect((await post()).status).toBe(200);
      await emulator.whenIdle();
      expect(user.messages()).toHaveLength(before + 1);
    });
  });
});
