// Runs the ledger projection over a SQLite event store until killed; the parent kills it mid-projection.
//   projector-child.ts <path> <batchSize> [<postgres read store url>]
// Without a URL the read models live in the SQLite file; with one, in that (migrated) PostgreSQL schema.
import { SqliteEventStore } from '@accord/event-store';
import { PostgresReadStore } from '../postgres/postgres-read-store';
import { ProjectionRunner } from '../projection-runner';
import { SqliteReadStore } from '../sqlite-read-store';
import { ledgerProjection } from './test-projections';

async function main(): Promise<void> {
  const [path, batchSize, readStoreUrl] = process.argv.slice(2);
  const store = SqliteEventStore.open({ path });
  const readStore = readStoreUrl ? await PostgresReadStore.open(readStoreUrl, { variable: 'read store URL' }) : new SqliteReadStore(store.connection);
  const runner = new ProjectionRunner(store, readStore, [ledgerProjection], { batchSize: Number(batchSize) });
  await runner.start();
  process.stdout.write('started\n');
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
