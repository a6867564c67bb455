import { z } from 'zod';
import { ConditionSchema } from './condition.js';
import { FORM_FILL_FIELDS, type FormFillField } from './form-fill.js';
import { PhotoRulesSchema } from './photo/photo-rules.js';
import { ReminderConfigSchema } from './reminder-config.js';
import { TextSchema } from './text.js';

const IdSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a snake_case id such as "identity"');
const FactNameSchema = z
  .string()
  .regex(/^[a-z][A-Za-z0-9]*$/, 'expected a camelCase fact name such as "idCardLost"');
const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

const FactBase = { label: TextSchema, required: z.boolean().default(false) };

export const FactDefSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('enum'),
      ...FactBase,
      values: z
        .record(IdSchema, TextSchema)
        .refine((v) => Object.keys(v).length > 0, 'expected at least one value'),
      default: z.string().optional(),
    })
    .strict(),
  z.object({ type: z.literal('boolean'), ...FactBase, default: z.boolean().optional() }).strict(),
  z
    .object({
      type: z.enum(['number', 'integer']),
      ...FactBase,
      min: z.number(),
      max: z.number(),
      default: z.number().optional(),
    })
    .strict(),
]);
/** How one fact about the applicant is typed, labelled and defaulted. */
export type FactDef = z.infer<typeof FactDefSchema>;

export const QuestionSchema = z
  .object({
    fact: FactNameSchema,
    text: TextSchema,
    /** Asked only while this holds for the answers so far; always asked when absent. */
    when: ConditionSchema.optional(),
  })
  .strict();
export type Question = z.infer<typeof QuestionSchema>;

export const FormSchema = z
  .object({
    name: TextSchema,
    instruction: TextSchema,
    /** What the candidate may fill in on this form before printing it (`/forms`), in the order asked. */
    fill: z.array(z.enum(FORM_FILL_FIELDS as [FormFillField, ...FormFillField[]])).default([]),
  })
  .strict();
export type Form = z.infer<typeof FormSchema>;

export const PhotoBoundsSchema = z
  .object({ min: z.number().int().min(1), max: z.number().int().min(1) })
  .strict()
  .refine((b) => b.min <= b.max, 'expected min ≤ max');
export type PhotoBounds = z.infer<typeof PhotoBoundsSchema>;

export const MaterialSchema = z
  .object({
    title: TextSchema,
    accepts: TextSchema.optional(),
    /** What exactly to photograph, one line per picture or kind of picture. */
    shots: z.array(TextSchema).min(1),
    /** Pictures for one copy; a material with `copiesFact` multiplies them by that fact. */
    photos: PhotoBoundsSchema,
    form: IdSchema.optional(),
    warning: TextSchema.optional(),
    copiesFact: FactNameSchema.optional(),
    /**
     * Words printed on this document and on few others (its title, its own field labels), by which a picture
     * read offline is recognised as this material (src/domain/document-findings.ts). Each one fits on one
     * printed line; spaces are ignored.
     */
    keyPhrases: z.array(z.string().min(2)).optional(),
  })
  .strict();
export type Material = z.infer<typeof MaterialSchema>;

export const RouteMaterialSchema = z.union([
  IdSchema,
  z.object({ id: IdSchema, when: ConditionSchema.optional(), note: TextSchema.optional() }).strict(),
]);
export type RouteMaterial = z.infer<typeof RouteMaterialSchema>;

export const NoteSchema = z.union([
  TextSchema,
  z.object({ text: TextSchema, when: ConditionSchema }).strict(),
]);
export type Note = z.infer<typeof NoteSchema>;

export const RouteSchema = z
  .object({
    id: IdSchema,
    /** The notice's section, e.g. `（五）1`. */
    section: z.string().min(1),
    title: TextSchema,
    when: ConditionSchema,
    require: z.array(z.object({ check: ConditionSchema, reason: TextSchema }).strict()).default([]),
    /** A route that always refuses, with this reason. */
    ineligible: TextSchema.optional(),
    materials: z.array(RouteMaterialSchema).default([]),
    notes: z.array(NoteSchema).default([]),
  })
  .strict();
export type Route = z.infer<typeof RouteSchema>;

export const AdjustmentSchema = z
  .object({
    section: z.string().min(1),
    when: ConditionSchema,
    /** Material id → the id that stands in for it. */
    replace: z.record(IdSchema, IdSchema).default({}),
    note: TextSchema.optional(),
  })
  .strict();
export type Adjustment = z.infer<typeof AdjustmentSchema>;

export const HelplineSchema = z
  .object({
    id: IdSchema,
    label: TextSchema,
    phone: z.string().regex(/^[0-9-]{5,20}$/, 'expected a phone number such as 0631-5300004'),
    when: ConditionSchema,
  })
  .strict();
export type Helpline = z.infer<typeof HelplineSchema>;

export const ReviewReasonSchema = z.object({ id: IdSchema, text: TextSchema }).strict();
/** A template reason for returning a material, e.g. 不清晰. */
export type ReviewReason = z.infer<typeof ReviewReasonSchema>;

/** Keys of the texts the code looks up: a flow must give every one, in every language. */
export const TEXT_KEYS = [
  'eligible',
  'ineligible',
  'materialsHeading',
  'notesHeading',
  'reasonsHeading',
  'copies',
  'photoCount',
  'photoRange',
  'printForm',
  'window',
  'helpline',
  'welcome',
  'welcomeBack',
  'resent',
  'questionNumber',
  'yes',
  'no',
  'back',
  'changeAnswer',
  'chooseAnswerToChange',
  'restart',
  'typeNumber',
  'invalidNumber',
  'useButtons',
  'staleButton',
  'invalidButton',
  'unsupportedMessage',
  'editedMessage',
  'groupChat',
  'internalError',
  'help',
  'langPrompt',
  'langChanged',
  'resetConfirm',
  'resetYes',
  'resetDone',
  'deleteConfirm',
  'deleteYes',
  'deleted',
  'nothingStored',
  'cancel',
  'cancelled',
  'statusHeading',
  'statusNone',
  'statusProgress',
  'statusComplete',
  'dossierState',
  'stateDraft',
  'stateSubmitted',
  'stateReturned',
  'stateApproved',
  'stateRejected',
  'checklistNotReady',
  'windowBefore',
  'windowOpen',
  'windowLastDay',
  'windowClosed',
  'helplineIntro',
  'cmdStart',
  'cmdChecklist',
  'cmdStatus',
  'cmdHelp',
  'cmdLang',
  'cmdReset',
  'cmdDeleteMyData',
  'uploadButton',
  'submitButton',
  'chooseMaterial',
  'materialPrompt',
  'photoAccepted',
  'photoAcceptedFixed',
  'materialComplete',
  'nextMaterial',
  'materialEnough',
  'nextMaterialButton',
  'allMaterialsComplete',
  'photoRejected',
  'materialFull',
  'duplicatePhoto',
  'dossierLocked',
  'dossierClosed',
  'uploadNotReady',
  'uploadIneligible',
  'chooseMaterialFirst',
  'fileTooBig',
  'pdfNotAccepted',
  'videoNotAccepted',
  'photoProcessingFailed',
  'viewPhotos',
  'backToMaterials',
  'noPhotosYet',
  'photoListHeading',
  'deletePhoto',
  'replacePhoto',
  'photoDeleted',
  'replacePrompt',
  'submitMissing',
  'submitted',
  'alreadySubmitted',
  'cmdSubmit',
  'cmdUpload',
  'cmdFiles',
  'cmdForms',
  'formsButton',
  'formsIntro',
  'formsNone',
  'formsNotPrintable',
  'fillOffer',
  'fillButton',
  'refillButton',
  'fillAsk',
  'fillCurrent',
  'skipButton',
  'fillStopButton',
  'fillDone',
  'fillSaved',
  'fillName',
  'fillGender',
  'fillBirth',
  'fillEthnicity',
  'fillMajor',
  'fillEducation',
  'fillEducationDate',
  'fillIdNumber',
  'fillCategory',
  'fillSchool',
  'fillGraduationDate',
  'fillPhone',
  'fillInvalidText',
  'fillInvalidYearMonth',
  'fillInvalidDate',
  'fillInvalidIdFormat',
  'fillInvalidIdBirth',
  'fillInvalidIdCheck',
  'fillInvalidPhone',
  'fillUndrawable',
  'filesButton',
  'materialFilesButton',
  'filesIntro',
  'filesNone',
  'photoReplaced',
  'uploadBeforeWindow',
  'uploadAfterWindow',
  'deletePhotoConfirm',
  'submitAnywayButton',
  'resubmitUnchanged',
  'resubmittedSince',
  'openLatest',
  'newSinceReturn',
  'redoNotDone',
  'labelValue',
  'situation',
  'listSeparator',
  'notReviewer',
  'queueEmpty',
  'queueHeading',
  'reviewUsage',
  'reviewNotFound',
  'reviewHeading',
  'approveButton',
  'returnButton',
  'rejectButton',
  'chooseRedo',
  'writeFeedback',
  'feedbackPrompt',
  'rejectPrompt',
  'alreadyHandled',
  'reviewDone',
  'alertReturned',
  'alertRedo',
  'alertResubmit',
  'alertApproved',
  'alertRejected',
  'reviewerDigest',
  'reviewerStart',
  'consoleLink',
  'consoleOff',
] as const;
export type TextKey = (typeof TEXT_KEYS)[number];

export const FlowTextsSchema = z.strictObject(
  Object.fromEntries(TEXT_KEYS.map((key) => [key, TextSchema])) as Record<TextKey, typeof TextSchema>,
);
export type FlowTexts = z.infer<typeof FlowTextsSchema>;

export const FlowSchema = z
  .object({
    schemaVersion: z.literal(1),
    id: z.string().min(1),
    title: TextSchema,
    source: z.string().min(1),
    timezone: z.string().min(1),
    window: z.object({ start: IsoDateSchema, end: IsoDateSchema }).strict(),
    helplines: z.array(HelplineSchema).min(1),
    /** The notice's upload rules and every threshold of the photo checker (see PhotoRulesSchema). */
    upload: PhotoRulesSchema.safeExtend({ rules: TextSchema }).strict(),
    facts: z.record(FactNameSchema, FactDefSchema),
    questions: z.array(QuestionSchema).min(1),
    forms: z.record(IdSchema, FormSchema).default({}),
    materials: z.record(IdSchema, MaterialSchema),
    routes: z.array(RouteSchema).min(1),
    otherwise: TextSchema,
    adjustments: z.array(AdjustmentSchema).default([]),
    reminders: ReminderConfigSchema,
    /** The reasons a reviewer picks from when returning a material (the web console's templates). */
    reviewReasons: z.array(ReviewReasonSchema).default([]),
    texts: FlowTextsSchema,
  })
  .strict();
/** One exam year and site: its questions, rules, materials, deadlines, helplines and texts. */
export type Flow = z.infer<typeof FlowSchema>;
