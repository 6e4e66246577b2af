import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@accord/event-store';
import { SqliteReadStore } from '../sqlite-read-store';
import type { Projection, ReadStore } from '../types';

/** A real SQLite file in a fresh temporary directory, with the read store on its connection. */
export interface TempSqlite {
  store: SqliteEventStore;
  readStore: SqliteReadStore;
  path: string;
  /** Closes the store and deletes the directory. */
  close(): Promise<void>;
}

export function openTempSqlite(prefix = 'accord-'): TempSqlite {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const path = join(dir, 'accord.db');
  const store = SqliteEventStore.open({ path });
  return {
    store,
    readStore: new SqliteReadStore(store.connection),
    path,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Creates a projection's tables, for specs that feed it events by hand, as the runner would: not where
 * migrations manage the schema (PostgreSQL), which has them already.
 */
export async function createTables(readStore: ReadStore, projection: Projection): Promise<void> {
  if (readStore.managedSchema) return;
  await readStore.transaction(async (tx) => {
    for (const ddl of projection.schema) await tx.run(ddl);
  });
}
