import type { Message } from '../../src/emulator/bot-api-types.js';
import type { SimulatedUser } from '../../src/emulator/simulated-user.js';

/** A bot message's text (or caption). */
export function textOf(message: Message): string {
  return message.text ?? message.caption ?? '';
}

/** A new question, or the verdict (which opens with ✅ or ❌). */
const QUESTION_OR_RESULT = /第 \d+ 题|Question \d+|[✅❌] /;

/** Acts as an applicant in the chat: types, presses buttons, and waits for what a person would read. */
export class ApplicantDriver {
  constructor(readonly user: SimulatedUser) {}

  /** Waits for the next bot message, new or edited, whose text matches. */
  async expectMessage(pattern: RegExp | string, timeoutMs = 10_000): Promise<Message> {
    return this.user.waitForMessage(
      (message) =>
        typeof pattern === 'string' ? textOf(message).includes(pattern) : pattern.test(textOf(message)),
      { timeoutMs },
    );
  }

  /** Sends text and waits for the next question or the verdict. */
  async type(text: string): Promise<Message> {
    await this.user.sendText(text);
    return this.expectMessage(QUESTION_OR_RESULT);
  }

  /** Presses the button with this label on the newest message that has it; waits for the next question or verdict. */
  async choose(label: string): Promise<Message> {
    await this.user.pressButton(label);
    return this.expectMessage(QUESTION_OR_RESULT);
  }

  /** Answers in order: strings press buttons, numbers are typed. Returns the last message (often the checklist). */
  async answer(...answers: (string | number)[]): Promise<Message> {
    let last: Message | undefined;
    for (const a of answers) last = typeof a === 'number' ? await this.type(String(a)) : await this.choose(a);
    if (!last) throw new Error('answer() needs at least one answer');
    return last;
  }
}
