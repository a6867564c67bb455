import { describeWithTool } from '../helpers/describe-with-tool.js';

/** Debian's tesseract-ocr and its Chinese model (tesseract-ocr-chi-sim), which .ci/run installs. */
export const TESSERACT = '/usr/bin/tesseract';
export const CHI_SIM = '/usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata';

/** `describe` for tests that read pictures with the real tesseract (see describeWithTool). */
export function describeWithTesseract(name: string, body: () => void): void {
  describeWithTool(name, 'tesseract-ocr and tesseract-ocr-chi-sim', [TESSERACT, CHI_SIM], body);
}
