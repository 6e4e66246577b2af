import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AsyncLock } from '../async-lock';
import { EventStoreConfigError } from '../errors';

export type SqliteSynchronous = 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';

export interface SqliteConnectionOptions {
  /** A file path, or `:memory:`. */
  path: string;
  /** `FULL` (default) makes an acknowledged append durable on disk, not only in the OS cache. */
  synchronous?: SqliteSynchronous;
  /** How long a writer waits for another process's write lock. */
  busyTimeoutMs?: number;
  /** How long work waits for the connection before failing with StoreBusyError. */
  lockTimeoutMs?: number;
  /** Name of the configuration variable the path came from, for error messages. */
  variable?: string;
}

/**
 * One better-sqlite3 connection shared by the event store and the read store of the same file.
 * better-sqlite3 is synchronous, so every write transaction runs under `exclusive`; a projection
 * batch (which awaits its handlers) therefore never interleaves with an append on this connection.
 * Other processes on the same file are serialised by SQLite's own lock (`BEGIN IMMEDIATE`).
 */
export class SqliteConnection {
  readonly db: Database.Database;
  readonly path: string;
  private readonly lock: AsyncLock;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(options: SqliteConnectionOptions) {
    const variable = options.variable ?? 'ACCORD_EVENT_STORE';
    this.lock = new AsyncLock(options.lockTimeoutMs);
    this.path = options.path === ':memory:' ? ':memory:' : resolve(options.path);
    if (this.path !== ':memory:') {
      try {
        makeDirectory(dirname(this.path));
      } catch (error) {
        throw new EventStoreConfigError(variable, `${variable}: cannot create the directory of ${this.path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
    }
    try {
      this.db = new Database(this.path, { timeout: options.busyTimeoutMs ?? 5000 });
      if (this.path !== ':memory:') this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      this.db.pragma('foreign_keys = ON');
      // Probe that the file is writable now, not at the first append.
      this.db.exec('BEGIN IMMEDIATE; ROLLBACK');
    } catch (error) {
      throw new EventStoreConfigError(variable, `${variable}: cannot open ${this.path} for writing (${(error as Error).message})`);
    }
  }

  /** Runs `fn` with the connection to itself; `label` names the work if others time out waiting. */
  exclusive<T>(fn: () => T | Promise<T>, label?: string): Promise<T> {
    return this.lock.run(fn, label);
  }

  /** A prepared statement, cached by its SQL text. */
  prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  close(): Promise<void> {
    return this.exclusive(() => {
      if (this.db.open) this.db.close();
    });
  }
}

/**
 * `mkdirSync(dir, { recursive: true })` never returns for a path under /proc on Node 20, so a bad
 * ACCORD_EVENT_STORE would hang the server; creating one segment at a time fails fast instead.
 */
function makeDirectory(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) makeDirectory(parent);
  mkdirSync(dir);
}
