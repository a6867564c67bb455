import type { Clock } from '../domain/clock.js';
import type { Flow } from '../domain/flow.js';
import type { Logger } from '../log.js';
import type { ApplicantStore } from '../storage/applicant-store.js';

/** What the bot layer is built from; main.ts wires the adapters. */
export interface BotDeps {
  readonly flow: Flow;
  readonly applicants: ApplicantStore;
  readonly clock: Clock;
  readonly log: Logger;
  readonly reviewerIds: readonly number[];
}
