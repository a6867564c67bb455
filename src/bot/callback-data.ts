import { z } from 'zod';
import { LANGS } from '../domain/text.js';

/**
 * What an inline button asks for. Buttons that change the interview carry the applicant's revision, so a
 * button from an old message (or one pressed after /reset) is recognised as stale instead of acting.
 */
export type CallbackAction =
  | { kind: 'answer'; revision: number; question: number; option: number }
  | { kind: 'back'; revision: number }
  | { kind: 'changeMenu'; revision: number }
  | { kind: 'edit'; revision: number; question: number }
  | { kind: 'cancelEdit'; revision: number }
  | { kind: 'lang'; lang: (typeof LANGS)[number] }
  | { kind: 'resetAsk' }
  | { kind: 'reset'; revision: number; confirm: boolean }
  | { kind: 'delete'; confirm: boolean }
  | { kind: 'materials' }
  | { kind: 'material'; material: number }
  | { kind: 'viewPhotos'; material: number }
  | { kind: 'deletePhoto'; photo: string }
  | { kind: 'confirmDelete'; photo: string }
  | { kind: 'cancelDelete' }
  | { kind: 'replacePhoto'; photo: string }
  | { kind: 'submit' }
  | { kind: 'submitAnyway' }
  | { kind: 'openReview'; applicant: number }
  | { kind: 'approve'; applicant: number; stamp: string }
  | { kind: 'startReturn'; applicant: number; stamp: string }
  | { kind: 'toggleRedo'; applicant: number; material: number }
  | { kind: 'writeFeedback'; applicant: number }
  | { kind: 'startReject'; applicant: number; stamp: string };

/** Telegram refuses callback_data over 64 bytes. */
export const MAX_CALLBACK_DATA_BYTES = 64;

const int = z.coerce.number().int().nonnegative().max(1_000_000_000);
const yesNo = z.enum(['y', 'n']).transform((v) => v === 'y');
const photoId = z.string().regex(/^[a-z0-9]{1,12}$/);
const userId = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 53);
const stamp = z.string().regex(/^[a-z0-9]{1,12}$/);

const CallbackSchema = z.union([
  z
    .tuple([z.literal('a'), int, int, int])
    .transform(([, revision, question, option]) => ({ kind: 'answer' as const, revision, question, option })),
  z.tuple([z.literal('b'), int]).transform(([, revision]) => ({ kind: 'back' as const, revision })),
  z.tuple([z.literal('m'), int]).transform(([, revision]) => ({ kind: 'changeMenu' as const, revision })),
  z
    .tuple([z.literal('e'), int, int])
    .transform(([, revision, question]) => ({ kind: 'edit' as const, revision, question })),
  z.tuple([z.literal('k'), int]).transform(([, revision]) => ({ kind: 'cancelEdit' as const, revision })),
  z.tuple([z.literal('l'), z.enum(LANGS)]).transform(([, lang]) => ({ kind: 'lang' as const, lang })),
  z.tuple([z.literal('r')]).transform(() => ({ kind: 'resetAsk' as const })),
  z
    .tuple([z.literal('r'), int, yesNo])
    .transform(([, revision, confirm]) => ({ kind: 'reset' as const, revision, confirm })),
  z.tuple([z.literal('x'), yesNo]).transform(([, confirm]) => ({ kind: 'delete' as const, confirm })),
  z.tuple([z.literal('w')]).transform(() => ({ kind: 'materials' as const })),
  z.tuple([z.literal('u'), int]).transform(([, material]) => ({ kind: 'material' as const, material })),
  z.tuple([z.literal('v'), int]).transform(([, material]) => ({ kind: 'viewPhotos' as const, material })),
  z.tuple([z.literal('d'), photoId]).transform(([, photo]) => ({ kind: 'deletePhoto' as const, photo })),
  z.tuple([z.literal('dy'), photoId]).transform(([, photo]) => ({ kind: 'confirmDelete' as const, photo })),
  z.tuple([z.literal('dn')]).transform(() => ({ kind: 'cancelDelete' as const })),
  z.tuple([z.literal('p'), photoId]).transform(([, photo]) => ({ kind: 'replacePhoto' as const, photo })),
  z.tuple([z.literal('s')]).transform(() => ({ kind: 'submit' as const })),
  z.tuple([z.literal('sf')]).transform(() => ({ kind: 'submitAnyway' as const })),
  z
    .tuple([z.literal('o'), userId])
    .transform(([, applicant]) => ({ kind: 'openReview' as const, applicant })),
  z
    .tuple([z.literal('ra'), userId, stamp])
    .transform(([, applicant, s]) => ({ kind: 'approve' as const, applicant, stamp: s })),
  z
    .tuple([z.literal('rr'), userId, stamp])
    .transform(([, applicant, s]) => ({ kind: 'startReturn' as const, applicant, stamp: s })),
  z
    .tuple([z.literal('rt'), userId, int])
    .transform(([, applicant, material]) => ({ kind: 'toggleRedo' as const, applicant, material })),
  z
    .tuple([z.literal('rf'), userId])
    .transform(([, applicant]) => ({ kind: 'writeFeedback' as const, applicant })),
  z
    .tuple([z.literal('rj'), userId, stamp])
    .transform(([, applicant, s]) => ({ kind: 'startReject' as const, applicant, stamp: s })),
]);

/** Parses callback data from Telegram; anything malformed, tampered or oversized gives undefined. */
export function parseCallbackData(data: string): CallbackAction | undefined {
  if (Buffer.byteLength(data, 'utf8') > MAX_CALLBACK_DATA_BYTES || !/^[a-z0-9:]+$/.test(data))
    return undefined;
  const parsed = CallbackSchema.safeParse(data.split(':'));
  return parsed.success ? parsed.data : undefined;
}

/** The callback data of an action; the inverse of parseCallbackData. */
export function toCallbackData(action: CallbackAction): string {
  switch (action.kind) {
    case 'answer':
      return `a:${action.revision}:${action.question}:${action.option}`;
    case 'back':
      return `b:${action.revision}`;
    case 'changeMenu':
      return `m:${action.revision}`;
    case 'edit':
      return `e:${action.revision}:${action.question}`;
    case 'cancelEdit':
      return `k:${action.revision}`;
    case 'lang':
      return `l:${action.lang}`;
    case 'resetAsk':
      return 'r';
    case 'reset':
      return `r:${action.revision}:${action.confirm ? 'y' : 'n'}`;
    case 'delete':
      return `x:${action.confirm ? 'y' : 'n'}`;
    case 'materials':
      return 'w';
    case 'material':
      return `u:${action.material}`;
    case 'viewPhotos':
      return `v:${action.material}`;
    case 'deletePhoto':
      return `d:${action.photo}`;
    case 'confirmDelete':
      return `dy:${action.photo}`;
    case 'cancelDelete':
      return 'dn';
    case 'replacePhoto':
      return `p:${action.photo}`;
    case 'submit':
      return 's';
    case 'submitAnyway':
      return 'sf';
    case 'openReview':
      return `o:${action.applicant}`;
    case 'approve':
      return `ra:${action.applicant}:${action.stamp}`;
    case 'startReturn':
      return `rr:${action.applicant}:${action.stamp}`;
    case 'toggleRedo':
      return `rt:${action.applicant}:${action.material}`;
    case 'writeFeedback':
      return `rf:${action.applicant}`;
    case 'startReject':
      return `rj:${action.applicant}:${action.stamp}`;
  }
}
