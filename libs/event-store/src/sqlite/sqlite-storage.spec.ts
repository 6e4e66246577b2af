import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { events, freshStream } from '../testing/fixtures';
import { SqliteEventStore } from './sqlite-event-store';

describe('the SQLite file', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'accord-sqlite-'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses WAL and synchronous=FULL unless told otherwise', async () => {
    store = SqliteEventStore.open({ path: join(dir, 'a.db') });
    expect(store.connection.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.connection.db.pragma('synchronous', { simple: true })).toBe(2);
    await store.close();
    store = SqliteEventStore.open({ path: join(dir, 'a.db'), synchronous: 'NORMAL' });
    expect(store.connection.db.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('refuses UPDATE and DELETE on the events table', async () => {
    store = SqliteEventStore.open({ path: join(dir, 'b.db') });
    await store.append(freshStream(), events(2), { expectedRevision: 'no_stream' });
    const db = store.connection.db;
    expect(() => db.prepare("UPDATE events SET data = '{}' WHERE position = 1").run()).toThrow('events are immutable: UPDATE refused');
    expect(() => db.prepare('DELETE FROM events WHERE position = 2').run()).toThrow('events are immutable: DELETE refused');
    expect(await store.headPosition()).toBe(2);
  });

  it('creates the directory of a new file', async () => {
    const path = join(dir, 'nested', 'deeper', 'c.db');
    store = SqliteEventStore.open({ path });
    await store.append(freshStream(), events(1), { expectedRevision: 'no_stream' });
    expect(store.connection.path).toBe(path);
  });
});
