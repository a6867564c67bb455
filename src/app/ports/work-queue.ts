/**
 * Slow work taken off the update path (downloading and checking a picture): one chat's jobs run in order,
 * different chats' side by side; `drain` lets a clean stop finish what was queued.
 */
export interface WorkQueue {
  push(chatId: number, job: () => Promise<void>): void;
  /** Resolves when every queued job has finished. */
  drain(): Promise<void>;
}
