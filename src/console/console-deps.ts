import type { ConsoleSignInDeps } from '../app/console-sign-in.js';
import type { ApplicantRepository } from '../app/ports/applicant-repository.js';
import type { AuditLog } from '../app/ports/audit-log.js';
import type { DossierClaims } from '../app/ports/dossier-claims.js';
import type { DossierQueueIndex } from '../app/ports/dossier-queue-index.js';
import type { PictureStore } from '../app/ports/picture-store.js';
import type { Flow } from '../domain/flow.js';
import type { Notifier } from '../domain/notifier.js';
import type { Logger } from '../log.js';

/** What the console is built from; the bot's composition root (src/start-bot.ts) wires it. */
export interface ConsoleDeps extends ConsoleSignInDeps {
  readonly flow: Flow;
  readonly applicants: ApplicantRepository;
  readonly pictures: PictureStore;
  /** The same outbox as the bot's: a decision's alert goes out once, paced. */
  readonly notifier: Notifier;
  readonly claims: DossierClaims;
  /** The queue's light listing (the four fields of each dossier it filters on). */
  readonly queueIndex: DossierQueueIndex;
  readonly audit: AuditLog;
  /** The console's address as reviewers reach it (PUBLIC_URL); https makes the cookie Secure. */
  readonly publicUrl: string;
  /** Times on the pages are shown in this zone (TZ). */
  readonly timeZone: string;
  readonly log: Logger;
}
