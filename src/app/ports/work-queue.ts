/**
 * One picture to download, check and count, as data: what the update said, so that any instance can do the
 * work (the shared queue stores it; nothing here is a closure or a connection).
 */
export interface PictureJob {
  /** The update that brought the picture; with the file's unique id it names the job (a re-delivery is the same job). */
  readonly updateId: number;
  readonly userId: number;
  readonly chatId: number;
  /** The material the picture was sent for, decided when it arrived. */
  readonly materialId: string;
  readonly fileId: string;
  readonly fileUniqueId: string;
  readonly fileSize?: number;
  readonly mediaGroupId?: string;
}

/** What a handler is told about the run of a job. */
export interface PictureJobRun {
  /**
   * Whether no further attempt follows this one: a handler may throw on a passing failure (a download that
   * timed out, an unreachable store) while another attempt follows, and must tell the applicant otherwise.
   */
  readonly finalAttempt: boolean;
}

/** Does one picture's work; throws to have it tried again (when `finalAttempt` is false). */
export type PictureJobHandler = (job: PictureJob, run: PictureJobRun) => Promise<void>;

/** The job's name on a shared queue: one per update and file, so a re-delivered update is not queued twice. */
export function pictureJobId(job: Pick<PictureJob, 'updateId' | 'fileUniqueId'>): string {
  return `${job.updateId}-${job.fileUniqueId}`;
}

/**
 * Slow work taken off the update path (downloading and checking a picture). The bot face registers the one
 * handler (`process`); handlers of updates `push` jobs. One chat's jobs run in order where the adapter can
 * (the embedded one does; the shared one runs them on any instance, the store counting each picture once).
 */
export interface WorkQueue {
  /** Resolves once the job is queued: in memory (embedded), or durably, for any instance to take (shared). */
  push(job: PictureJob): Promise<void>;
  /** Sets the handler jobs run with; call it once, before jobs can arrive. */
  process(handler: PictureJobHandler): void;
  /**
   * Stops taking jobs and resolves once the ones this process holds are done: the embedded queue runs every
   * job queued (they live only here); the shared one finishes those running and leaves the rest to others.
   */
  drain(): Promise<void>;
}
