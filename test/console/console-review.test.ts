import { createConsoleFixture } from './console-fixture.js';
import { describeConsoleReview } from './console-review.suite.js';

describeConsoleReview('SQLite (embedded)', async () => {
  const fixture = await createConsoleFixture();
  return { fixture, close: () => fixture.close() };
});
