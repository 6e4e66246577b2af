import { SqliteEventStore } from '@accord/event-store';
import { events, freshStream } from '@accord/event-store/testing/fixtures';
import { describeWithPostgres, dropPgSchema, freshPgUrl } from '@accord/event-store/testing/services';
import { readCheckpoint, writeCheckpoint } from '../checkpoints';
import { ProjectionRunner } from '../projection-runner';
import type { Projection } from '../types';
import { migrateReadStore } from './migrate-read-store';
import { PostgresReadStore } from './postgres-read-store';

const silent = { log() {}, warn() {}, error() {} };

describeWithPostgres('PostgresReadStore', () => {
  let url: string;
  let readStore: PostgresReadStore;

  beforeEach(async () => {
    url = freshPgUrl();
    await migrateReadStore(url);
    readStore = await PostgresReadStore.open(url, { variable: 'ACCORD_TEST_PG_URL' });
    await readStore.transaction(async (tx) => {
      await tx.run('CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT, flag INTEGER, "odd?" TEXT)');
      await readCheckpoint(tx, 'notes'); // its row, at 0, as a projection's start creates it
    });
  });
  afterEach(async () => {
    await readStore.close();
    await dropPgSchema(url);
  });

  const notes = () => readStore.read((tx) => tx.all('SELECT id, body, flag FROM notes ORDER BY id'));
  const checkpoint = () => readStore.transaction((tx) => readCheckpoint(tx, 'notes'));

  describe('when a handler fails inside a transaction', () => {
    it('keeps neither its rows nor the checkpoint written before the failure, and rethrows the error', async () => {
      const failure = new Error('handler failed');
      const attempt = readStore.transaction(async (tx) => {
        await tx.run('INSERT INTO notes (id, body) VALUES (?, ?)', ['n1', 'kept?']);
        await writeCheckpoint(tx, 'notes', 7);
        throw failure;
      });
      await expect(attempt).rejects.toBe(failure);
      expect(await notes()).toEqual([]);
      expect(await checkpoint()).toBe(0);
    });

    it('rolls back a statement the database refused, and the next transaction commits', async () => {
      await readStore.transaction((tx) => tx.run('INSERT INTO notes (id) VALUES (?)', ['n1']));
      const attempt = readStore.transaction(async (tx) => {
        await tx.run('INSERT INTO notes (id) VALUES (?)', ['n2']);
        await writeCheckpoint(tx, 'notes', 7);
        await tx.run('INSERT INTO notes (id) VALUES (?)', ['n1']);
      });
      await expect(attempt).rejects.toThrow(/duplicate key/);
      expect((await notes()).map((n) => n.id)).toEqual(['n1']);
      await readStore.transaction(async (tx) => {
        await tx.run('INSERT INTO notes (id) VALUES (?)', ['n3']);
        await writeCheckpoint(tx, 'notes', 9);
      });
      expect((await notes()).map((n) => n.id)).toEqual(['n1', 'n3']);
      expect(await checkpoint()).toBe(9);
    });
  });

  it('commits rows and checkpoint together, and reports the rows a statement changed', async () => {
    await readStore.transaction(async (tx) => {
      await tx.run('INSERT INTO notes (id, body) VALUES (?, ?), (?, ?)', ['n1', 'a', 'n2', 'b']);
      await writeCheckpoint(tx, 'notes', 2);
    });
    expect(await checkpoint()).toBe(2);
    expect(await readStore.transaction((tx) => tx.run("UPDATE notes SET body = 'c'"))).toEqual({ changes: 2 });
    expect(await readStore.transaction((tx) => tx.run('DELETE FROM notes WHERE id = ?', ['nope']))).toEqual({ changes: 0 });
  });

  it('takes ? as a placeholder only outside literals, quoted identifiers and comments', async () => {
    await readStore.transaction((tx) =>
      tx.run(`INSERT INTO notes (id, body, "odd?") VALUES (?, 'is it? it''s ?', ?) -- a note?`, ['n1', 'really?']),
    );
    expect(await readStore.read((tx) => tx.get('SELECT id, body, "odd?" AS odd FROM notes WHERE id = ?', ['n1']))).toEqual({
      id: 'n1',
      body: "is it? it's ?",
      odd: 'really?',
    });
  });

  it('binds booleans as 1 and 0 and undefined as NULL, as on SQLite', async () => {
    await readStore.transaction(async (tx) => {
      await tx.run('INSERT INTO notes (id, body, flag) VALUES (?, ?, ?)', ['n1', undefined, true]);
      await tx.run('INSERT INTO notes (id, body, flag) VALUES (?, ?, ?)', ['n2', 'x', false]);
    });
    expect(await notes()).toEqual([
      { id: 'n1', body: null, flag: 1 },
      { id: 'n2', body: 'x', flag: 0 },
    ]);
  });

  it('refuses a statement whose parameters do not match its placeholders', async () => {
    await expect(readStore.read((tx) => tx.get('SELECT ? AS a', [1, 2]))).rejects.toThrow('1 placeholders but 2 parameters in: SELECT ? AS a');
  });

  it('reads one snapshot across the statements of a read', async () => {
    await readStore.transaction((tx) => tx.run("INSERT INTO notes (id, body) VALUES ('n1', 'before')"));
    const seen = await readStore.read(async (tx) => {
      const first = await tx.get<{ body: string }>('SELECT body FROM notes');
      await readStore.transaction((w) => w.run("UPDATE notes SET body = 'after'"));
      const second = await tx.get<{ body: string }>('SELECT body FROM notes');
      return [first?.body, second?.body];
    });
    expect(seen).toEqual(['before', 'before']);
    expect((await notes())[0].body).toBe('after');
  });

  describe('under the ProjectionRunner', () => {
    let store: SqliteEventStore;
    beforeEach(() => (store = SqliteEventStore.open({ path: ':memory:' })));
    afterEach(() => store.close());

    it('runs no start-up DDL, since migrations own the schema, and projects into the migrated tables', async () => {
      const projection: Projection = {
        name: 'notes',
        handles: ['SomethingHappened'],
        schema: ['CREATE TABLE start_up_ddl (id TEXT)'],
        tables: ['notes'],
        async handle(event, tx) {
          await tx.run('INSERT INTO notes (id, flag) VALUES (?, ?)', [event.id, event.position]);
        },
      };
      const runner = new ProjectionRunner(store, readStore, [projection], { logger: silent });
      await runner.start();
      try {
        const { position } = await store.append(freshStream(), events(3), { expectedRevision: 'no_stream' });
        await runner.waitFor(position, { timeoutMs: 5000 });
        expect((await notes()).map((n) => n.flag).sort()).toEqual([1, 2, 3]);
        expect(await checkpoint()).toBe(3);
        const ddlTable = await readStore.read((tx) => tx.get("SELECT to_regclass('start_up_ddl') AS t"));
        expect(ddlTable).toEqual({ t: null });
      } finally {
        await runner.stop();
      }
    });
  });
});
