import { describe, expect, it } from 'vitest';
import { type CallbackAction, parseCallbackData, toCallbackData } from '../../src/bot/callback-data.js';

describe('callback data', () => {
  const actions: CallbackAction[] = [
    { kind: 'answer', revision: 12, question: 3, option: 1 },
    { kind: 'back', revision: 0 },
    { kind: 'changeMenu', revision: 4 },
    { kind: 'edit', revision: 4, question: 11 },
    { kind: 'cancelEdit', revision: 5 },
    { kind: 'lang', lang: 'en' },
    { kind: 'resetAsk' },
    { kind: 'reset', revision: 9, confirm: true },
    { kind: 'delete', confirm: false },
    { kind: 'materials' },
    { kind: 'material', material: 15 },
    { kind: 'viewPhotos', material: 0 },
    { kind: 'deletePhoto', photo: 'k3j9x0a1' },
    { kind: 'confirmDelete', photo: 'k3j9x0a1' },
    { kind: 'cancelDelete' },
    { kind: 'replacePhoto', photo: 'k3j9x0a1' },
    { kind: 'submit' },
    { kind: 'submitAnyway' },
    { kind: 'files' },
    { kind: 'materialFiles', material: 4 },
    { kind: 'openReview', applicant: 1001 },
    { kind: 'approve', applicant: 1001, stamp: 'k7x2m1q0' },
    { kind: 'startReturn', applicant: 1001, stamp: 'k7x2m1q0' },
    { kind: 'toggleRedo', applicant: 1001, material: 3 },
    { kind: 'writeFeedback', applicant: 1001 },
    { kind: 'startReject', applicant: 1001, stamp: '0' },
  ];

  it.each(actions)('round-trips %j within 64 bytes', (action) => {
    const data = toCallbackData(action);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(parseCallbackData(data)).toEqual(action);
  });

  it('fits the largest revision and indices in 64 bytes', () => {
    const data = toCallbackData({ kind: 'answer', revision: 1_000_000_000, question: 999, option: 999 });
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
  });

  it.each([
    '',
    'a',
    'a:1:2',
    'a:1:2:3:4',
    'a:-1:2:3',
    'a:1.5:2:3',
    'l:fr',
    'x:maybe',
    'z:1',
    'a:1:2:３',
    '{"kind":"answer"}',
    `a:1:2:${'9'.repeat(70)}`,
    'a:99999999999:1:1',
    'd:../../etc',
    'd:ABC',
    's:1',
    'ra:1001',
    'ra:0:abc',
    'o:-5',
  ])('refuses tampered data %j', (data) => {
    expect(parseCallbackData(data)).toBeUndefined();
  });
});
