import type { FormPrinter } from '../app/ports/form-printer.js';
import { findUndrawableChar } from './form-font.js';
import { FORM_KINDS, type FormKind } from './form-text.js';
import { renderForm } from './render-form.js';

/** The flow names the notice's 附件N `annexN`; the drawings are `attachmentN`, as `nmle form` calls them. */
const kindOf = (formId: string): FormKind | undefined => {
  const kind = formId.replace(/^annex/, 'attachment');
  return FORM_KINDS.includes(kind as FormKind) ? (kind as FormKind) : undefined;
};

/** The forms drawn with pdfkit and the fonts that arrive with npm install. */
export const pdfFormPrinter: FormPrinter = {
  canPrint: (formId) => kindOf(formId) !== undefined,
  undrawable: findUndrawableChar,
  async print(formId, fill, title) {
    const kind = kindOf(formId);
    if (!kind) throw new Error(`no drawing of form ${formId}`);
    return renderForm(kind, fill, { title });
  },
};
