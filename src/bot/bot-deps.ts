import type { Clock } from '../domain/clock.js';
import type { Flow } from '../domain/flow.js';
import type { Notifier } from '../domain/notifier.js';
import type { NormalisedPhotoInfo, PhotoVerdict } from '../domain/photo/photo-verdict.js';
import type { Logger } from '../log.js';
import type { ApplicantStore } from '../storage/applicant-store.js';
import type { PhotoFiles } from '../storage/photo-files.js';
import type { ReviewerStore } from '../storage/reviewer-store.js';

/** The photo checker as the bot needs it; main.ts wires the sharp-based one from src/images. */
export interface PhotoInspector {
  /** Checks and normalises a photo; `load` is called when a slot is free (downloads wait their turn too). */
  check(
    load: () => Promise<Uint8Array>,
  ): Promise<PhotoVerdict & { output?: NormalisedPhotoInfo & { bytes: Uint8Array } }>;
  hash(bytes: Uint8Array): Promise<string>;
  distance(a: string, b: string): number;
}

/** What the bot layer is built from; main.ts wires the adapters. */
export interface BotDeps {
  readonly flow: Flow;
  readonly applicants: ApplicantStore;
  readonly clock: Clock;
  readonly log: Logger;
  readonly reviewerIds: readonly number[];
  readonly photos: PhotoInspector;
  readonly photoFiles: PhotoFiles;
  /** Messages sent on the bot's own initiative (alerts): persisted, paced, never twice. */
  readonly notifier: Notifier;
  readonly reviewers: ReviewerStore;
}
