import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CorruptRecordError } from '../src/errors.js';
import { createLogger, type SerializedError } from '../src/log.js';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawq';

/** Logs one error through a logger as the process makes it and reads back the line's `err`. */
function logged(error: unknown): SerializedError {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  createLogger('info', sink).error({ err: error }, 'failed');
  expect(lines).toHaveLength(1);
  return (JSON.parse(lines[0] ?? '{}') as { err: SerializedError }).err;
}

describe('the logger', () => {
  it("keeps an error's cause chain, each link with its type, message and stack", () => {
    const zodError = z.object({ lang: z.enum(['zh', 'en']) }).safeParse({ lang: 'fr' }).error;
    const corrupt = new CorruptRecordError('applicant:6', 'the version-1 record does not parse', {
      cause: zodError,
    });
    const err = logged(new Error('the reminder pass failed', { cause: corrupt }));
    expect(err).toMatchObject({
      type: 'Error',
      message: 'the reminder pass failed',
      cause: {
        type: 'CorruptRecordError',
        message: expect.stringContaining('applicant:6: the version-1 record does not parse'),
        stack: expect.stringContaining('CorruptRecordError'),
        cause: { type: 'ZodError', message: expect.stringContaining('lang') },
      },
    });
  });

  it("scrubs the bot token from a cause's message and stack", () => {
    const network = new TypeError(`fetch failed: https://api.telegram.org/bot${TOKEN}/getMe`);
    const text = JSON.stringify(logged(new Error('getMe failed', { cause: network })));
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('/bot<token>/getMe');
  });

  it('logs a cause that is not an Error as its text', () => {
    expect(logged(new Error('outer', { cause: 'socket hang up' })).cause).toEqual({
      message: 'socket hang up',
      stack: '',
    });
  });

  it('ends a cause chain that loops back on itself with a note', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    a.cause = b;
    const err = logged(a);
    expect([err.message, err.cause?.message, err.cause?.cause?.message]).toEqual([
      'a',
      'b',
      'a cause already logged above (a loop)',
    ]);
  });

  it('logs an error without a cause as before', () => {
    expect(Object.keys(logged(new Error('plain')))).toEqual(['type', 'message', 'stack']);
  });
});
