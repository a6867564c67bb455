// `npm run bench [section ...]`: prints performance figures. Sections: console, exports, interviews, photos, reminders, webhook-pictures (default: all).
import { benchConsole } from './console.js';
import { benchExports } from './exports.js';
import { benchInterviews } from './interviews.js';
import { benchPhotos } from './photos.js';
import { benchReminders } from './reminders.js';
import { benchWebhookPictures } from './webhook-pictures.js';

const SECTIONS: Record<string, () => Promise<unknown>> = {
  console: () => benchConsole(Number(process.env.BENCH_DOSSIERS ?? 10_000)),
  exports: () => benchExports(Number(process.env.BENCH_EXPORT_APPLICANTS ?? 600)),
  interviews: () => benchInterviews(Number(process.env.BENCH_APPLICANTS ?? 1000)),
  photos: () => benchPhotos(),
  reminders: () => benchReminders(Number(process.env.BENCH_REMINDER_APPLICANTS ?? 10_000)),
  'webhook-pictures': () => benchWebhookPictures(),
};

const wanted = process.argv.slice(2);
for (const name of wanted.length > 0 ? wanted : Object.keys(SECTIONS)) {
  const section = SECTIONS[name];
  if (!section) {
    console.error(`unknown bench section "${name}"; expected one of ${Object.keys(SECTIONS).join(', ')}`);
    process.exit(2);
  }
  await section();
}
