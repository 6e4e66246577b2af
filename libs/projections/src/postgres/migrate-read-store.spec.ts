import { ConfigError } from '@accord/event-store';
import { describeWithPostgres, dropPgSchema, freshPgUrl } from '@accord/event-store/testing/services';
import { READ_STORE_MIGRATIONS_TABLE, migrateReadStore } from './migrate-read-store';
import { PostgresReadStore } from './postgres-read-store';

const MIGRATIONS = ['0001_read-models', '0002_projector-lease', '0003_projection-poison', '0004_idempotency-keys'];

describeWithPostgres('migrateReadStore', () => {
  let url: string;
  beforeEach(() => (url = freshPgUrl()));
  afterEach(() => dropPgSchema(url));

  const applied = async () => {
    const readStore = await PostgresReadStore.open(url, { variable: 'ACCORD_TEST_PG_URL' });
    try {
      return await readStore.read((tx) => tx.all<{ name: string }>(`SELECT name FROM ${READ_STORE_MIGRATIONS_TABLE} ORDER BY id`));
    } finally {
      await readStore.close();
    }
  };

  it('creates the schema, applies every migration, and applies nothing the second time', async () => {
    const messages: string[] = [];
    expect(await migrateReadStore(url, { log: (m) => messages.push(m) })).toEqual(MIGRATIONS);
    for (const name of MIGRATIONS) expect(messages.join('\n')).toContain(name);
    expect(await migrateReadStore(url)).toEqual([]);
    expect(await applied()).toEqual(MIGRATIONS.map((name) => ({ name })));
  });

  describe('when several instances start at once', () => {
    it('applies each migration exactly once: the others wait on the lock, then find nothing to do', async () => {
      const runs = await Promise.all(Array.from({ length: 6 }, () => migrateReadStore(url)));
      expect(runs.flat()).toEqual(MIGRATIONS);
      expect(await applied()).toEqual(MIGRATIONS.map((name) => ({ name })));
    });
  });

  it('names the variable when the URL is not a PostgreSQL one', async () => {
    await expect(migrateReadStore('mysql://x/y')).rejects.toThrow(ConfigError);
    await expect(migrateReadStore('mysql://x/y', { variable: 'ACCORD_READ_STORE' })).rejects.toThrow(/^ACCORD_READ_STORE: expected postgres/);
  });
});
