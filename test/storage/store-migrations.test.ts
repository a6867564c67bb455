import { describe, expect, it } from 'vitest';
import { type Migrations, migrateRecord } from '../../src/storage/store-migrations.js';

/** A made-up history: v1 had `name`, v2 split it into `given` and `family`, v3 added `tags`. */
const HISTORY: Migrations = {
  current: 3,
  steps: {
    1: function migrateV1toV2({ name, ...rest }) {
      const [given, family] = String(name).split(' ');
      return { ...rest, given, family };
    },
    2: function migrateV2toV3(record) {
      return { ...record, tags: [] };
    },
  },
};

describe('migrating a stored record', () => {
  it('returns a record of the current version as it is', () => {
    const record = { version: 3, given: 'Li', family: 'Wei', tags: ['x'] };
    expect(migrateRecord(record, HISTORY)).toEqual({ ok: true, record, from: 3 });
  });

  it('applies every step from the stored version on, in order, stamping each new version', () => {
    expect(migrateRecord({ version: 1, name: 'Li Wei' }, HISTORY)).toEqual({
      ok: true,
      record: { version: 3, given: 'Li', family: 'Wei', tags: [] },
      from: 1,
    });
    expect(migrateRecord({ version: 2, given: 'Li' }, HISTORY)).toEqual({
      ok: true,
      record: { version: 3, given: 'Li', tags: [] },
      from: 2,
    });
  });

  it('refuses a record newer than the current version', () => {
    expect(migrateRecord({ version: 4 }, HISTORY)).toEqual({ ok: false, reason: 'newer', version: 4 });
  });

  it('refuses an old version no step starts from', () => {
    expect(migrateRecord({ version: 1 }, { current: 3, steps: { 2: (r) => r } })).toEqual({
      ok: false,
      reason: 'no_step',
      version: 1,
    });
  });

  it.each([
    ['no version', { name: 'Li Wei' }],
    ['a version that is not a positive integer', { version: '1' }],
    ['version 0', { version: 0 }],
    ['a fractional version', { version: 1.5 }],
    ['not an object', 'text'],
    ['null', null],
    ['an array', [1]],
  ])('refuses a record with %s', (_, raw) => {
    expect(migrateRecord(raw, HISTORY)).toEqual({ ok: false, reason: 'unversioned' });
  });
});
