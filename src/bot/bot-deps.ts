import type { DocumentReader } from '../app/ports/document-reader.js';
import type { FormPrinter } from '../app/ports/form-printer.js';
import type { PhotoInspector } from '../app/ports/photo-inspector.js';
import type { PictureStore } from '../app/ports/picture-store.js';
import type { Clock } from '../domain/clock.js';
import type { Flow } from '../domain/flow.js';
import type { Notifier } from '../domain/notifier.js';
import type { Logger } from '../log.js';
import type { ApplicantStore } from '../storage/applicant-store.js';
import type { ReviewerStore } from '../storage/reviewer-store.js';

export type { PhotoInspector };

/** What the bot layer is built from; main.ts wires the adapters. */
export interface BotDeps {
  readonly flow: Flow;
  readonly applicants: ApplicantStore;
  readonly clock: Clock;
  readonly log: Logger;
  readonly reviewerIds: readonly number[];
  /** The picture checker (sharp, in src/images). */
  readonly inspector: PhotoInspector;
  /** The accepted, normalised pictures. */
  readonly pictures: PictureStore;
  /** Messages sent on the bot's own initiative (alerts): persisted, paced, never twice. */
  readonly notifier: Notifier;
  readonly reviewers: ReviewerStore;
  /** The notice's attached forms as PDFs (pdfkit, in src/forms). */
  readonly printer: FormPrinter;
  /**
   * The web console's sign-in (absent without CONSOLE_PORT): a one-time link for a reviewer, undefined for
   * anyone else.
   */
  readonly consoleSignIn?: ConsoleSignInLinks;
  /**
   * The offline document reader (tesseract, in src/reading): reads accepted pictures after their verdict.
   * Absent, or without tesseract installed, nothing is read and the bot works as before.
   */
  readonly reader?: DocumentReader;
}

/** Makes a reviewer's one-time sign-in link to the web console, as `<PUBLIC_URL>/sign-in/<token>`. */
export interface ConsoleSignInLinks {
  readonly linkMinutes: number;
  linkFor(reviewerId: number): Promise<string | undefined>;
}
