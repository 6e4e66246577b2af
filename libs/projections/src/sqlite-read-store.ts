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

  /** The connection belongs to the event store, which closes it. */
  async close(): Promise<void> {}
}

/** better-sqlite3 binds neither booleans nor undefined. */
function toSqlite(params: readonly unknown[]): unknown[] {
  return params.map((p) => (p === undefined ? null : typeof p === 'boolean' ? (p ? 1 : 0) : p));
}
