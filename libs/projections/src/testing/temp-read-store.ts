import type { SqliteEventStore } from '@accord/event-store';
import { describeWithPostgres, dropPgSchema, freshPgUrl } from '@accord/event-store/testing/services';
import { migrateReadStore } from '../postgres/migrate-read-store';
import { PostgresReadStore } from '../postgres/postgres-read-store';
import type { ReadStore } from '../types';
import { openTempSqlite } from './temp-sqlite';

export type ReadStoreKind = 'sqlite' | 'postgres';

/** A temporary SQLite event store with a read store of either kind. */
export interface TempStores {
  kind: ReadStoreKind;
  store: SqliteEventStore;
  readStore: ReadStore;
  /** The SQLite file of the event store (and of the read models, on SQLite). */
  path: string;
  /** Closes both stores and deletes what they kept: the file, and the PostgreSQL schema. */
  close(): Promise<void>;
}

/**
 * Declares `suite` once per read store, so read-model specs prove the same behaviour on both: on the
 * SQLite one always, on PostgreSQL where it is reachable (skipped otherwise, as services.ts says).
 */
export function describeEachReadStore(title: string, suite: (kind: ReadStoreKind) => void): void {
  describe(`${title} (SQLite read store)`, () => suite('sqlite'));
  describeWithPostgres(`${title} (PostgreSQL read store)`, () => suite('postgres'));
}

/**
 * A temporary SQLite event store; the read store is its own connection, or a fresh PostgreSQL schema
 * migrated as a deployment would be, dropped on close.
 */
export async function openTempStores(kind: ReadStoreKind, prefix = 'accord-'): Promise<TempStores> {
  const sqlite = openTempSqlite(prefix);
  if (kind === 'sqlite') return { kind, ...sqlite };
  const url = freshPgUrl();
  let readStore: PostgresReadStore | undefined;
  const close = async () => {
    await readStore?.close();
    await dropPgSchema(url);
    await sqlite.close();
  };
  try {
    await migrateReadStore(url);
    readStore = await PostgresReadStore.open(url, { variable: 'ACCORD_TEST_PG_URL' });
  } catch (error) {
    await close();
    throw error;
  }
  return { kind, store: sqlite.store, readStore, path: sqlite.path, close };
}
