import type { Pool, PoolClient } from 'pg';
import { inPgTransaction, openPgPool } from '@accord/event-store/postgres/pg-pool';
import type { ReadStore, ReadTx, TransactionOptions } from '../types';
import { DeferredPgTx } from './deferred-pg-tx';
import { toPgPlaceholders } from './pg-placeholders';

export interface PostgresReadStoreOptions {
  /** The variable the URL came from, for error messages (e.g. `ACCORD_READ_STORE`). */
  variable: string;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
  /** Pool size (default 10). */
  max?: number;
}

/**
 * Read models and checkpoints in PostgreSQL, in the schema the URL names. The tables come from the
 * versioned migrations ({@link migrateReadStore}), never from start-up DDL. A projection batch is one
 * transaction on one pooled connection, so its rows and its checkpoint commit together or not at all.
 */
export class PostgresReadStore implements ReadStore {
  readonly managedSchema = true;
  private closed?: Promise<void>;

  private constructor(
    private readonly pool: Pool,
    /** The schema the read models live in. */
    readonly schema: string,
  ) {}

  /** Connects (lazily, through a pool) and creates the URL's schema if missing; run the migrations before use. */
  static async open(url: string, options: PostgresReadStoreOptions): Promise<PostgresReadStore> {
    const { pool, schema } = await openPgPool(url, {
      variable: options.variable,
      applicationName: options.applicationName ?? 'accord-read-store',
      max: options.max,
    });
    return new PostgresReadStore(pool, schema);
  }

  transaction<T>(fn: (tx: ReadTx) => Promise<T>, _label?: string, options: TransactionOptions = {}): Promise<T> {
    return inPgTransaction(this.pool, async (client) => {
      if (!options.deferWrites) return fn(readTx(client));
      const tx = new DeferredPgTx(client, readTx(client));
      const result = await fn(tx);
      await tx.flush();
      return result;
    });
  }

  /** One snapshot for every statement of `fn`. */
  read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
    return inPgTransaction(this.pool, (client) => fn(readTx(client)), 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  close(): Promise<void> {
    this.closed ??= this.pool.end();
    return this.closed;
  }
}

function readTx(client: PoolClient): ReadTx {
  const query = (sql: string, params: readonly unknown[] = []) => client.query(translate(sql, params.length), toPg(params));
  return {
    run: async (sql, params) => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
    get: async (sql, params) => (await query(sql, params)).rows[0],
    all: async (sql, params) => (await query(sql, params)).rows,
  };
}

/** Projections reuse a few hundred distinct statements at most; the cap only guards against a leak. */
const translated = new Map<string, { text: string; count: number }>();

function translate(sql: string, params: number): string {
  let result = translated.get(sql);
  if (result === undefined) {
    if (translated.size >= 1000) translated.clear();
    translated.set(sql, (result = toPgPlaceholders(sql)));
  }
  if (result.count !== params) throw new RangeError(`${result.count} placeholders but ${params} parameters in: ${sql}`);
  return result.text;
}

/** As on SQLite, so projection code is the same: booleans are 1/0, undefined is NULL. */
function toPg(params: readonly unknown[]): unknown[] {
  return params.map((p) => (p === undefined ? null : typeof p === 'boolean' ? (p ? 1 : 0) : p));
}
