// Runs the ledger projection over a SQLite file until killed; the parent kills it mid-projection.
//   projector-child.ts <path> <batchSize>
import { SqliteEventStore } from '@accord/event-store';
import { ProjectionRunner } from '../projection-runner';
import { SqliteReadStore } from '../sqlite-read-store';
import { ledgerProjection } from './test-projections';

async function main(): Promise<void> {
  const [path, batchSize] = process.argv.slice(2);
  const store = SqliteEventStore.open({ path });
  const runner = new ProjectionRunner(store, new SqliteReadStore(store.connection), [ledgerProjection], { batchSize: Number(batchSize) });
  await runner.start();
  process.stdout.write('started\n');
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
