import { PassThrough, Readable } from 'node:stream';
import { Hono } from 'hono';
import { runningClaims } from '../app/claim-dossier.js';
import { type ConsoleDecision, decideFromConsole } from '../app/decide-from-console.js';
import { preparePhotosZip } from '../exports/photos-zip.js';
import { writeRosterXlsx } from '../exports/roster-xlsx.js';
import { auditPage } from './audit-page.js';
import type { ConsoleDeps } from './console-deps.js';
import type { ConsoleEnv } from './console-session.js';
import { say } from './console-text.js';
import { dossierPage } from './dossier-page.js';
import { messagePage } from './page-layout.js';
import { parseQueueChoice } from './queue-page.js';

const USER_ID = /^[1-9]\d{0,15}$/;

/** One dossier's pages, pictures and decisions, and the exports; mounted behind the session. */
export function dossierRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const notFound = (lang: 'zh' | 'en', viewer: Parameters<typeof messagePage>[0]) =>
    messagePage(viewer, say(lang, 'notFound'), say(lang, 'notFound'));

  app.get('/dossiers/:id{[0-9]+}', async (c) => {
    const viewer = c.get('viewer');
    const id = c.req.param('id');
    const applicant = USER_ID.test(id) ? await deps.applicants.get(Number(id)) : undefined;
    if (!applicant || applicant.dossier.state === 'draft') return c.html(notFound(viewer.lang, viewer), 404);
    const claim = (await runningClaims(deps)).get(applicant.userId);
    const done = c.req.query('done');
    const notice =
      done && applicant.dossier.state === done
        ? say(viewer.lang, 'done', {
            id: applicant.userId,
            state: say(viewer.lang, `state_${applicant.dossier.state}`),
          })
        : undefined;
    return c.html(dossierPage(viewer, deps.flow, deps.timeZone, applicant, claim, notice));
  });

  app.get('/dossiers/:id{[0-9]+}/pictures/:photo', async (c) => {
    const id = c.req.param('id');
    const applicant = USER_ID.test(id) ? await deps.applicants.get(Number(id)) : undefined;
    const photo = applicant?.dossier.photos.find((p) => p.id === c.req.param('photo'));
    if (!photo) return c.body(null, 404);
    // Replaced or deleted since the dossier was read: gone, not an error.
    const bytes = await deps.pictures.get(photo.file).catch(() => undefined);
    if (!bytes) return c.body(null, 404);
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': photo.format === 'png' ? 'image/png' : 'image/jpeg',
      'Cache-Control': 'private, no-store',
    });
  });

  app.get('/dossiers/:id{[0-9]+}/audit', async (c) => {
    const viewer = c.get('viewer');
    const id = c.req.param('id');
    if (!USER_ID.test(id)) return c.html(notFound(viewer.lang, viewer), 404);
    const entries = await deps.audit.forApplicant(Number(id));
    const title = say(viewer.lang, 'auditOf', { id });
    return c.html(auditPage(viewer, deps.flow, deps.timeZone, title, entries));
  });

  app.post('/dossiers/:id{[0-9]+}/:decision{approve|return|reject}', async (c) => {
    const viewer = c.get('viewer');
    const { lang } = viewer;
    const id = c.req.param('id');
    if (!USER_ID.test(id)) return c.html(notFound(lang, viewer), 404);
    const form = await c.req.parseBody({ all: true });
    const text = (name: string) => {
      const value = form[name];
      return typeof value === 'string' ? value : '';
    };
    const list = (name: string) => {
      const value = form[name];
      return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
        (v): v is string => typeof v === 'string',
      );
    };
    const kind = c.req.param('decision');
    const decision: ConsoleDecision =
      kind === 'return'
        ? {
            type: 'return',
            redo: list('redo').map((material) => ({ material, reasons: list(`reason:${material}`) })),
            feedback: text('feedback'),
            note: text('note'),
          }
        : kind === 'reject'
          ? { type: 'reject', reason: text('reason'), note: text('note') }
          : { type: 'approve', note: text('note') };
    const reviewerId = c.get('session').reviewerId;
    const outcome = await decideFromConsole(deps, reviewerId, Number(id), text('stamp'), decision);
    if (outcome.ok) {
      deps.log.info({ reviewer: reviewerId, applicant: Number(id), decision: kind }, 'console: decided');
      return c.redirect(`/dossiers/${id}?done=${outcome.applicant.dossier.state}`, 303);
    }
    if ('invalid' in outcome)
      return c.html(messagePage(viewer, say(lang, 'decide'), say(lang, `invalid_${outcome.invalid}`)), 400);
    if (!outcome.applicant) return c.html(notFound(lang, viewer), 404);
    return c.html(messagePage(viewer, say(lang, 'decide'), say(lang, 'alreadyDecided')), 409);
  });

  app.get('/export/roster.xlsx', (c) => {
    const choice = parseQueueChoice(deps.flow, c.req.query());
    // Without a state asked for, the roster has every state; with one, the queue's view of it.
    const filter = c.req.query('state') ? { ...choice.filter, states: [choice.state] } : choice.filter;
    return streamed('roster.xlsx', EXCEL_TYPE, (out) => writeRosterXlsx(deps, filter, out));
  });

  app.get('/export/photos.zip', async (c) => {
    const id = c.req.query('applicant') ?? '';
    if (!USER_ID.test(id)) return c.body(null, 400);
    const zip = await preparePhotosZip(deps, { applicant: Number(id) });
    if (zip.kind === 'unknown_applicant') return c.body(null, 404);
    return streamed(`photos-${id}.zip`, 'application/zip', (out) => zip.write(out));
  });

  return app;
}

const EXCEL_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A download of what `write` streams, passed on as it is produced; an export that fails midway aborts the
 * answer (the browser shows a failed download, never a truncated file as complete).
 */
function streamed(filename: string, type: string, write: (out: PassThrough) => Promise<unknown>): Response {
  const out = new PassThrough();
  write(out).catch((error: unknown) =>
    out.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return new Response(Readable.toWeb(out) as ReadableStream, {
    status: 200,
    headers: {
      'Content-Type': type,
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    },
  });
}
