import { z } from 'zod';
import { LANGS } from '../domain/text.js';

/** One field of callback data: how it is read back (validated) and written. */
interface Field<T> {
  readonly schema: z.ZodType<T>;
  encode(value: T): string;
}

const int: Field<number> = {
  schema: z.coerce.number().int().nonnegative().max(1_000_000_000),
  encode: String,
};
const yesNo: Field<boolean> = {
  schema: z.enum(['y', 'n']).transform((v) => v === 'y'),
  encode: (v) => (v ? 'y' : 'n'),
};
const shortId: Field<string> = { schema: z.string().regex(/^[a-z0-9]{1,12}$/), encode: String };
const userId: Field<number> = {
  schema: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53),
  encode: String,
};
const lang: Field<(typeof LANGS)[number]> = { schema: z.enum(LANGS), encode: String };

// biome-ignore lint/suspicious/noExplicitAny: a table of fields of any type, typed per entry below.
type Fields = Record<string, Field<any>>;
const codec = <const F extends Fields>(prefix: string, fields: F) => ({ prefix, fields });

/**
 * Every inline button's action: its kind, the short prefix its callback data starts with, and its fields in
 * order (`a:<revision>:<question>:<option>`). Buttons that change the interview carry the applicant's
 * revision, so a button from an old message (or one pressed after /reset) is recognised as stale; decisions
 * carry the submission's stamp. Prefixes are what buttons already in chats carry: never reuse one for
 * another meaning (`r` alone and `r:…:…` are told apart by their number of fields).
 */
const CODECS = {
  answer: codec('a', { revision: int, question: int, option: int }),
  back: codec('b', { revision: int }),
  changeMenu: codec('m', { revision: int }),
  edit: codec('e', { revision: int, question: int }),
  cancelEdit: codec('k', { revision: int }),
  lang: codec('l', { lang }),
  resetAsk: codec('r', {}),
  reset: codec('r', { revision: int, confirm: yesNo }),
  delete: codec('x', { confirm: yesNo }),
  materials: codec('w', {}),
  material: codec('u', { material: int }),
  viewPhotos: codec('v', { material: int }),
  deletePhoto: codec('d', { photo: shortId }),
  confirmDelete: codec('dy', { photo: shortId }),
  cancelDelete: codec('dn', {}),
  replacePhoto: codec('p', { photo: shortId }),
  submit: codec('s', {}),
  submitAnyway: codec('sf', {}),
  files: codec('f', {}),
  materialFiles: codec('fm', { material: int }),
  forms: codec('g', {}),
  fillForms: codec('gf', {}),
  skipFill: codec('gs', { field: int }),
  chooseFill: codec('gc', { field: int, choice: int }),
  stopFill: codec('gx', {}),
  openReview: codec('o', { applicant: userId }),
  approve: codec('ra', { applicant: userId, stamp: shortId }),
  startReturn: codec('rr', { applicant: userId, stamp: shortId }),
  toggleRedo: codec('rt', { applicant: userId, material: int }),
  writeFeedback: codec('rf', { applicant: userId }),
  startReject: codec('rj', { applicant: userId, stamp: shortId }),
  // Issue 14: the answer to "this looks like another material": move the picture there, or keep it.
  movePhoto: codec('pm', { photo: shortId, material: int }),
  keepPhoto: codec('pk', { photo: shortId }),
};

type Codecs = typeof CODECS;
type FieldValues<F> = { [N in keyof F]: F[N] extends Field<infer T> ? T : never };

/** What an inline button asks for, one variant per entry of the codec table. */
export type CallbackAction = {
  [K in keyof Codecs]: { kind: K } & FieldValues<Codecs[K]['fields']>;
}[keyof Codecs];

export type ActionKind = CallbackAction['kind'];

/** Telegram refuses callback_data over 64 bytes. */
export const MAX_CALLBACK_DATA_BYTES = 64;

const byPrefixAndArity = new Map(
  Object.entries(CODECS).map(([kind, c]) => [`${c.prefix}/${Object.keys(c.fields).length}`, { kind, ...c }]),
);

/** Parses callback data from Telegram; anything malformed, tampered or oversized gives undefined. */
export function parseCallbackData(data: string): CallbackAction | undefined {
  if (Buffer.byteLength(data, 'utf8') > MAX_CALLBACK_DATA_BYTES || !/^[a-z0-9:]+$/.test(data))
    return undefined;
  const [prefix, ...values] = data.split(':');
  const entry = byPrefixAndArity.get(`${prefix}/${values.length}`);
  if (!entry) return undefined;
  const action: Record<string, unknown> = { kind: entry.kind };
  for (const [i, [name, field]] of Object.entries(entry.fields as Fields).entries()) {
    const parsed = field.schema.safeParse(values[i]);
    if (!parsed.success) return undefined;
    action[name] = parsed.data;
  }
  return action as CallbackAction;
}

/** The callback data of an action; the inverse of parseCallbackData. */
export function toCallbackData(action: CallbackAction): string {
  const { prefix, fields } = CODECS[action.kind];
  let data = prefix;
  const values = action as unknown as Record<string, unknown>;
  for (const name in fields) data += `:${(fields as Fields)[name]?.encode(values[name])}`;
  return data;
}
