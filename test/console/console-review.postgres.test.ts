import { createTestSchema, describeWithPostgres } from '../helpers/postgres.js';
import { createConsoleFixture } from './console-fixture.js';
import { describeConsoleReview } from './console-review.suite.js';

describeWithPostgres('the console on PostgreSQL', () => {
  describeConsoleReview('PostgreSQL (shared)', async () => {
    const schema = await createTestSchema();
    const fixture = await createConsoleFixture({ storeUrl: schema.url });
    return {
      fixture,
      async close() {
        await fixture.close();
        await schema.drop();
      },
    };
  });
});
