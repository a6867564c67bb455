/**
 * Prints every calibration fixture's verdict, one line each (`<draw> <name> <codes>`), so that a change to the
 * checker can be compared with the verdicts before it:
 *
 *   node --import tsx test/images/print-verdicts.ts > before.txt   # then again after, and diff
 */
import { DEFAULT_PHOTO_RULES } from '../../src/domain/photo/photo-rules.js';
import { checkPhoto } from '../../src/images/check-photo.js';
import { createConcurrencyLimit } from '../../src/images/limit-concurrency.js';
import { labelledPhotoSet } from '../helpers/photo-fixtures.js';

const limit = createConcurrencyLimit(2);
for (const draw of [0, 1]) {
  const lines = await Promise.all(
    labelledPhotoSet(draw).map((fixture) =>
      limit(async () => {
        const verdict = await checkPhoto(await fixture.build(), DEFAULT_PHOTO_RULES);
        const codes = verdict.problems.map((p) => p.code).join('+') || 'ok';
        return `${draw} ${fixture.name} ${codes}`;
      }),
    ),
  );
  for (const line of lines) console.log(line);
}
