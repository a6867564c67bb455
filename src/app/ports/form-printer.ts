import type { FormFill } from '../../domain/form-fill.js';

/**
 * Prints the notice's attached forms as PDFs (src/forms, pdfkit). A form is named by its id in the flow
 * (`annex2`…); a flow may name forms this printer cannot draw, whose applicants are sent the instruction instead.
 */
export interface FormPrinter {
  canPrint(formId: string): boolean;
  /** The first character of `text` no font of the forms has (it would print as a blank), if any. */
  undrawable(text: string): string | undefined;
  /** One A4 page, the candidate's part filled from `fill`, titled `title`. */
  print(formId: string, fill: FormFill, title: string): Promise<Uint8Array>;
}
