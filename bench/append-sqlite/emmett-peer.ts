/**
 * The peer: the SQLite event store of `@event-driven-io/emmett-sqlite`, driven through its public
 * API (`getSQLiteEventStore`, `appendToStream` with the expected stream version) with the same
 * events and the same streams as Accord.
 *
 * How it opens the database (dist/index.cjs, 0.42.4): `sqliteConnection` opens a `sqlite3`
 * Database and runs `PRAGMA journal_mode = WAL` without waiting for it; nothing sets `synchronous`.
 * For a file, its default pool opens a NEW connection for every `appendToStream` and closes it
 * afterwards (the close checkpoints the WAL: ~5 fsyncs per append), and there the un-awaited WAL
 * pragma races the append's `BEGIN IMMEDIATE` on sqlite3's thread pool: it crashed a run with an
 * unhandled `SQLITE_ERROR: cannot change into wal mode from within a transaction`. So the peer runs
 * as it should be run for speed: one connection for every append (`connectionOptions: { singleton:
 * true, connection }`, public API), with `PRAGMA synchronous = FULL` set on it, and the schema
 * created only once the connection is in WAL mode.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { getSQLiteEventStore, sqliteConnection, type SQLiteConnection, type SQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import { yieldToEventLoop, type PlannedAppend, type Progress } from '../support/helpers';

export interface PeerDurability {
  journalMode: string;
  /** 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
  synchronous: number;
  sqliteVersion: string;
}

async function openPeer(path: string): Promise<{ store: SQLiteEventStore; connection: SQLiteConnection }> {
  const connection = sqliteConnection({ fileName: path });
  try {
    await connection.command('PRAGMA synchronous = FULL');
    // Wait for the connection's own (un-awaited) WAL pragma before the schema's transaction starts.
    for (let tries = 0; (await durabilityOf(connection)).journalMode !== 'wal'; tries++) {
      if (tries === 1000) throw new Error(`${path}: the peer's connection did not switch to WAL`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const store = getSQLiteEventStore({ fileName: path, connectionOptions: { singleton: true, connection } });
    await store.schema.migrate();
    return { store, connection };
  } catch (error) {
    await closeAndWait(connection, path);
    throw error;
  }
}

/**
 * The peer's timed loop: one `appendToStream` per planned append, the expected stream version
 * tracked from the results (0 for a stream's first append, which the peer checks by inserting the
 * stream row). Opening, schema creation and closing are outside the timed region.
 * Returns milliseconds and the durability the connection ran with.
 */
export async function peerAppend(path: string, plan: readonly PlannedAppend[], progress: Progress): Promise<{ ms: number; durability: PeerDurability }> {
  const { store, connection } = await openPeer(path);
  try {
    // The same event objects, in the peer's shape (it takes no id: it mints its own).
    const appends = plan.map(({ stream, events }) => ({
      stream,
      messages: events.map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, metadata: e.metadata as unknown as Record<string, unknown> })),
    }));
    const versions = new Map<string, bigint>();
    let done = 0;
    const start = performance.now();
    for (const { stream, messages } of appends) {
      const result = await store.appendToStream(stream, messages, { expectedStreamVersion: versions.get(stream) ?? 0n });
      versions.set(stream, result.nextExpectedStreamVersion);
      done += messages.length;
      if (progress.tick(done)) await yieldToEventLoop();
    }
    const ms = performance.now() - start;
    return { ms, durability: await durabilityOf(connection) };
  } finally {
    await closeAndWait(connection, path);
  }
}

async function durabilityOf(connection: SQLiteConnection): Promise<PeerDurability> {
  const [journal] = await connection.query<{ journal_mode: string }>('PRAGMA journal_mode');
  const [sync] = await connection.query<{ synchronous: number }>('PRAGMA synchronous');
  const [version] = await connection.query<{ v: string }>('SELECT sqlite_version() AS v');
  return { journalMode: journal.journal_mode, synchronous: sync.synchronous, sqliteVersion: version.v };
}

/** `close()` of sqlite3 is asynchronous and gives no callback here: wait until the WAL is gone. */
async function closeAndWait(connection: SQLiteConnection, path: string): Promise<void> {
  connection.close();
  const deadline = performance.now() + 5000;
  while (existsSync(`${path}-wal`) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Checks (untimed) that the peer's file holds exactly the planned events: stream, position, type and data, in order. */
export function verifyPeerFile(path: string, plan: readonly PlannedAppend[], who: string): void {
  const db = new Database(path, { timeout: 5000 });
  try {
    const rows = db.prepare('SELECT stream_id, stream_position, message_type, message_data FROM emt_messages ORDER BY global_position').raw(true).all() as [string, number, string, string][];
    const positions = new Map<string, number>();
    let i = 0;
    for (const { stream, events } of plan) {
      for (const event of events) {
        const position = (positions.get(stream) ?? 0) + 1;
        positions.set(stream, position);
        const row = rows[i++];
        if (!row) throw new Error(`${who}: ${rows.length} events written, ${plan.reduce((n, p) => n + p.events.length, 0)} expected`);
        if (row[0] !== stream || Number(row[1]) !== position || row[2] !== event.type || row[3] !== JSON.stringify(event.data)) {
          throw new Error(`${who}: event ${i} is ${row[0]}@${row[1]} ${row[2]}, expected ${stream}@${position} ${event.type} with the planned data`);
        }
      }
    }
    if (rows.length !== i) throw new Error(`${who}: ${rows.length} events written, ${i} expected`);
  } finally {
    db.close();
  }
}

/** For the report: 2 → `FULL`. */
export function synchronousName(level: number): string {
  return ['OFF', 'NORMAL', 'FULL', 'EXTRA'][level] ?? String(level);
}
