import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyChain } from '../hash-chain';
import { sqliteTamperer } from '../testing/sqlite-harness';
import { events, freshStream, readAllEvents, rejectionOf } from '../testing/fixtures';
import { EventIdConflictError } from '../errors';
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

  // The adapter inserts up to 25 rows per INSERT statement: these batches span several statements.
  it('writes a batch longer than one INSERT statement in order, chained, with the last position', async () => {
    store = SqliteEventStore.open({ path: join(dir, 'e.db') });
    const [a, b] = [freshStream(), freshStream()];
    await store.append(a, events(3), { expectedRevision: 'no_stream' });
    await store.append(b, events(1), { expectedRevision: 'no_stream' });
    const batch = events(61);
    const result = await store.append(a, batch, { expectedRevision: 2 });
    expect(result).toEqual({ nextExpectedRevision: 63, position: 65, written: true });
    const stored = (await readAllEvents(store)).filter((e) => e.stream === a).slice(3);
    expect(stored.map((e) => [e.id, e.revision, e.position])).toEqual(batch.map((e, i) => [e.id, 3 + i, 5 + i]));
    expect(await verifyChain(store.readAll(), { gaplessPositions: true })).toMatchObject({ ok: true, eventsChecked: 65 });
    expect(await store.append(a, batch, { expectedRevision: 2 })).toEqual({ nextExpectedRevision: 63, position: 65, written: false });
  });

  it('writes nothing of a long batch whose id conflict sits in a later INSERT statement', async () => {
    store = SqliteEventStore.open({ path: join(dir, 'f.db') });
    const [a, b] = [freshStream(), freshStream()];
    const [taken] = events(1);
    await store.append(b, [taken], { expectedRevision: 'no_stream' });
    const batch = [...events(40), taken, ...events(9)];
    expect(await rejectionOf(store.append(a, batch, { expectedRevision: 'no_stream' }))).toBeInstanceOf(EventIdConflictError);
    expect(await store.headPosition()).toBe(1);
    expect(await store.append(a, events(30), { expectedRevision: 'no_stream' })).toEqual({ nextExpectedRevision: 29, position: 31, written: true });
  });

  it('has gapless positions, so verification finds even the deletion of the newest event of a stream', async () => {
    store = SqliteEventStore.open({ path: join(dir, 'd.db') });
    const [a, b] = [freshStream(), freshStream()];
    await store.append(a, events(2), { expectedRevision: 'no_stream' });
    await store.append(b, events(2), { expectedRevision: 'no_stream' });
    await store.append(a, events(1), { expectedRevision: 1 });
    await store.append(b, events(1), { expectedRevision: 1 });
    const positions = (await readAllEvents(store)).map((e) => e.position);
    expect(positions).toEqual([1, 2, 3, 4, 5, 6]);
    await sqliteTamperer.deleteEvent(store, 5); // the newest event of stream a
    expect(await verifyChain(store.readAll())).toMatchObject({ ok: true });
    const report = await verifyChain(store.readAll(), { gaplessPositions: true });
    expect(report).toMatchObject({ ok: false, firstBrokenPosition: 6 });
    expect(report.problems).toEqual([`position 6 (${b}@2): positions 5..5 are missing before it`]);
  });
});
