import type { Clock } from '../domain/clock.js';
import type { Flow } from '../domain/flow.js';
import type { Notifier } from '../domain/notifier.js';
import type { ApplicantRepository } from './ports/applicant-repository.js';
import type { PictureStore } from './ports/picture-store.js';

/** What the use-cases are built from; each process's composition root wires the adapters. */
export interface AppDeps {
  readonly flow: Flow;
  readonly clock: Clock;
  readonly applicants: ApplicantRepository;
  readonly pictures: PictureStore;
  /** Messages sent on the service's own initiative (alerts, reminders): persisted, paced, never twice. */
  readonly notifier: Notifier;
}
