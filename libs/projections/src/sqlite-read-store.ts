import type { SqliteConnection } from '@accord/event-store';
import type { ReadStore, ReadTx } from './types';

/**
 * Read models in the event store's own SQLite connection (the default read store). Transactions run
 * under the connection's exclusive lock, so a projection batch and an append never interleave.
 */
export class SqliteReadStore implements ReadStore {
  private readonly tx: ReadTx;

  constructor(private readonly connection: SqliteConnection) {
    const prepare = (sql: string) => connection.prepare(sql);
    this.tx = {
      run: async (sql, params = []) => ({ changes: prepare(sql).run(...toSqlite(params)).changes }),
      get: async (sql, params = []) => prepare(sql).get(...toSqlite(params)) as never,
      all: async (sql, params = []) => prepare(sql).all(...toSqlite(params)) as never,
    };
  }

  transaction<T>(fn: (tx: ReadTx) => Promise<T>, label = 'a read-model transaction'): Promise<T> {
    return this.connection.exclusive(async () => {
      const db = this.connection.db;
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.tx);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    }, label);
  }

  read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
    return this.connection.exclusive(() => fn(this.tx));
  }

  /**
   * For the rebuild, `synchronous=NORMAL` and a checkpoint every 10,000 WAL pages instead of 1,000; the
   * connection's own settings (FULL by default) restored after. In WAL mode a commit then waits for no
   * fsync, and hot pages are copied back to the file ten times less often (the WAL grows to ~40 MB).
   * NORMAL never corrupts a WAL file; a power loss can only undo the last commits, and each rebuild batch
   * commits its rows with its checkpoint, under the rebuild marker, so a lost batch is replayed by
   * `accord rebuild` resuming from the checkpoint that survived. Only the CLI rebuilds, holding the
   * projector lease: no server appends events through this connection meanwhile.
   */
  async duringRebuild<T>(work: () => Promise<T>): Promise<T> {
    const db = this.connection.db;
    // Outside WAL (an in-memory store), NORMAL is not corruption-safe: leave it.
    if (db.pragma('journal_mode', { simple: true }) !== 'wal') return work();
    const synchronous = db.pragma('synchronous', { simple: true }) as number;
    const autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
    db.pragma(`synchronous = ${Math.min(synchronous, 1)}`);
    db.pragma(`wal_autocheckpoint = ${Math.max(autocheckpoint, 10_000)}`);
    try {
      return await work();
    } finally {
      db.pragma(`synchronous = ${synchronous}`);
      db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
    }
  }

  /** The connection belongs to the event store, which closes it. */
  async close(): Promise<void> {}
}

/** better-sqlite3 binds neither booleans nor undefined. */
function toSqlite(params: readonly unknown[]): unknown[] {
  return params.map((p) => (p === undefined ? null : typeof p === 'boolean' ? (p ? 1 : 0) : p));
}
