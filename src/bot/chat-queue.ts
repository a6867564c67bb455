// The queue moved to the embedded adapters (src/storage/in-process-work-queue.ts), behind the WorkQueue port;
// these names stay for the bot's existing imports.
export {
  createInProcessWorkQueue as createChatQueue,
  type InProcessWorkQueue as ChatQueue,
} from '../storage/in-process-work-queue.js';
