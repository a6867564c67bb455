import type { Telegram } from 'telegraf';
import type { UploadRefusal } from '../app/upload-permission.js';
import type { Applicant } from '../domain/applicant.js';
import { checklistOf, pendingQuestion } from '../domain/applicant-progress.js';
import type { BotDeps } from './bot-deps.js';
import { materialsMenuView } from './dossier-views.js';
import { t } from './render.js';
import { sendView } from './send-view.js';

/**
 * Tells the applicant why a picture or a submit is refused now. Outside the review window the helplines go
 * with it (the applicant's own, once the interview has found them; otherwise every one of the flow); a
 * picture that has no material to go to brings the materials menu to choose from.
 */
export async function sendUploadRefusal(
  telegram: Telegram,
  deps: BotDeps,
  applicant: Applicant,
  refusal: UploadRefusal,
): Promise<void> {
  const { flow } = deps;
  const { lang } = applicant;
  const checklist = pendingQuestion(deps.flow, applicant) ? undefined : checklistOf(deps.flow, applicant);
  if (refusal.say === 'chooseMaterialFirst' && checklist) {
    const menu = materialsMenuView(flow, applicant, checklist.materials);
    await sendView(telegram, applicant.chatId, { ...menu, html: t(flow, refusal.say, lang) });
    return;
  }
  const lines = [t(flow, refusal.say, lang, refusal.vars)];
  if (refusal.helpline) {
    const helplines = checklist?.helplines.length ? checklist.helplines : flow.helplines;
    lines.push(
      t(flow, 'helplineIntro', lang),
      ...helplines.map((h) => `☎️ ${t(flow, 'helpline', lang, { label: h.label[lang], phone: h.phone })}`),
    );
  }
  await telegram.sendMessage(applicant.chatId, lines.join('\n'), { parse_mode: 'HTML' });
}
