import { createPostgresPictureStore } from '../../src/storage/postgres/postgres-picture-store.js';
import { openPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { describePictureStoreContract } from '../contracts/picture-store.contract.js';
import { createTestSchema, describeWithPostgres } from '../helpers/postgres.js';

describeWithPostgres('the picture store on PostgreSQL', () => {
  describePictureStoreContract('bytea rows (shared)', async () => {
    const schema = await createTestSchema();
    const store = await openPostgresStore(schema.url, { poolSize: 4 });
    return {
      store: createPostgresPictureStore(store.pool),
      async close() {
        await store.close();
        await schema.drop();
      },
    };
  });
});
