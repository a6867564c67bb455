import { z } from 'zod';
import { DossierSchema, EMPTY_DOSSIER } from './dossier.js';
import { FORM_FILL_FIELDS, FormFillSchema } from './form-fill.js';
import { LANGS } from './text.js';

const FactValueSchema = z.union([z.string(), z.number(), z.boolean()]);

/**
 * The version of the applicant record this code writes. Raise it, with a step in
 * storage/applicant-migrations.ts, when a change is one that records already stored cannot satisfy.
 */
export const APPLICANT_VERSION = 1;

/**
 * Everything kept about one applicant, stored under their Telegram user id. Versioned: the applicant store
 * migrates an older record on read and refuses (CorruptRecordError) a newer one or one that does not
 * parse, leaving it as it is rather than overwriting it.
 */
export const ApplicantSchema = z.object({
  version: z.literal(APPLICANT_VERSION),
  userId: z.number().int(),
  chatId: z.number().int(),
  lang: z.enum(LANGS),
  /** The flow the answers were given under. */
  flowId: z.string(),
  answers: z.record(z.string(), FactValueSchema),
  /** The fact being changed from the "change an answer" menu, if any. */
  editing: z.string().optional(),
  /** Bumped on every change of the interview; buttons carry it, so an old button is recognised. */
  revision: z.number().int().nonnegative(),
  dossier: DossierSchema,
  /** The candidate's own details for the printed forms (/forms), as far as they gave them; all optional. */
  formFill: FormFillSchema.optional(),
  /** The form detail being asked, while the candidate fills them in. */
  fillingForm: z.enum(FORM_FILL_FIELDS as [string, ...string[]]).optional(),
  /**
   * The last Telegram updates (webhook mode) that changed this record, written with the change: one delivered
   * again is recognised and causes nothing (src/webhook/applied-once.ts).
   */
  appliedUpdates: z.array(z.number().int().nonnegative()).optional(),
  /** The applicant blocked the bot (Telegram answered 403): nothing is sent on the bot's own initiative. */
  inactive: z.boolean().default(false),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Applicant = z.infer<typeof ApplicantSchema>;

/** A fresh applicant record. */
export function newApplicant(input: {
  userId: number;
  chatId: number;
  lang: Applicant['lang'];
  flowId: string;
  now: Date;
}): Applicant {
  const at = input.now.toISOString();
  return {
    version: APPLICANT_VERSION,
    userId: input.userId,
    chatId: input.chatId,
    lang: input.lang,
    flowId: input.flowId,
    answers: {},
    revision: 0,
    dossier: EMPTY_DOSSIER,
    inactive: false,
    createdAt: at,
    updatedAt: at,
  };
}
