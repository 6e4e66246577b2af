import { describeWithPostgres, dropPgSchema, freshPgUrl } from '@accord/event-store/testing/services';
import { migrateReadStore } from './migrate-read-store';
import { PostgresReadStore } from './postgres-read-store';

describeWithPostgres('PostgresReadStore transactions with deferred writes', () => {
  let url: string;
  let readStore: PostgresReadStore;

  beforeEach(async () => {
    url = freshPgUrl();
    await migrateReadStore(url);
    readStore = await PostgresReadStore.open(url, { variable: 'ACCORD_TEST_PG_URL' });
    await readStore.transaction((tx) => tx.run('CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT, n INTEGER, r DOUBLE PRECISION, seq INTEGER)'));
  });
  afterEach(async () => {
    await readStore.close();
    await dropPgSchema(url);
  });

  const notes = () => readStore.read((tx) => tx.all('SELECT id, body, n, r, seq FROM notes ORDER BY seq'));

  it('writes every value as a parameter would: quotes, backslashes, unicode, numbers, null, booleans, objects', async () => {
    const bodies = ["it's", 'back\\slash \\\' mixed', 'line\nbreak', 'ünïcødé ✓ 𝄞', '', '$1 ? $$ --', '{"a":1}'];
    await readStore.transaction(async (tx) => {
      for (const [i, body] of bodies.entries()) await tx.run('INSERT INTO notes (id, body, n, r, seq) VALUES (?, ?, ?, ?, ?)', [`n${i}`, body, 1 - i, i / 3, i]);
      await tx.run('INSERT INTO notes (id, body, n, r, seq) VALUES (?, ?, ?, ?, ?)', ['nulls', null, undefined, null, 100]);
      await tx.run('INSERT INTO notes (id, body, n, seq) VALUES (?, ?, ?, ?)', ['flag', { k: "v'" }, true, 101]);
    }, 'test', { deferWrites: true });
    const rows = await notes();
    expect(rows.slice(0, bodies.length)).toEqual(bodies.map((body, i) => ({ id: `n${i}`, body, n: 1 - i, r: i / 3, seq: i })));
    expect(rows.slice(bodies.length)).toEqual([
      { id: 'nulls', body: null, n: null, r: null, seq: 100 },
      { id: 'flag', body: '{"k":"v\'"}', n: 1, r: null, seq: 101 },
    ]);
  });

  it('runs the statements in order, merged INSERTs included (duplicates done nothing as one by one), and lets a read see them', async () => {
    const seen = await readStore.transaction(async (tx) => {
      for (let i = 0; i < 1200; i++) await tx.run('INSERT INTO notes (id, body, seq) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING', [`n${i % 1000}`, `first ${i}`, i]);
      await tx.run('UPDATE notes SET body = ? WHERE id = ?', ['updated', 'n7']);
      await tx.run('INSERT INTO notes (id, body, seq) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING', ['n7', 'ignored', 5000]);
      const read = await tx.get<{ body: string }>('SELECT body FROM notes WHERE id = ?', ['n7']);
      await tx.run('DELETE FROM notes WHERE id = ?', ['n8']);
      return read?.body;
    }, 'test', { deferWrites: true });
    expect(seen).toBe('updated');
    const rows = await notes();
    expect(rows).toHaveLength(999);
    expect(rows.find((row) => row.id === 'n1')).toMatchObject({ body: 'first 1', seq: 1 });
    expect(rows.find((row) => row.id === 'n7')).toMatchObject({ body: 'updated', seq: 7 });
  });

  it('fails the transaction, keeping none of its writes, when a deferred statement fails', async () => {
    const attempt = readStore.transaction(async (tx) => {
      await tx.run('INSERT INTO notes (id, seq) VALUES (?, ?)', ['a', 1]);
      await tx.run('INSERT INTO notes (id, seq) VALUES (?, ?)', ['a', 2]);
    }, 'test', { deferWrites: true });
    await expect(attempt).rejects.toThrow(/duplicate key/);
    expect(await notes()).toEqual([]);
  });
});
