// Moved to src/telegram/, where the sender classifies send errors too; the bot's imports stay as they were.
export { isBenignTelegramError, isBlockedError } from '../telegram/telegram-errors.js';
