/**
 * The rebuild benchmark's baseline, in a process of its own like `accord rebuild`: reads the whole
 * global log through the event store (`readAll`, the rebuild's batch size), which parses every
 * event's data and metadata (the work every reader must do), and nothing else. Prints one JSON line.
 */
import { performance } from 'node:perf_hooks';
import { openEventStore } from '../../libs/event-store/src';

async function main(): Promise<void> {
  const url = process.env.ACCORD_EVENT_STORE;
  if (!url) throw new Error('ACCORD_EVENT_STORE is not set');
  const batchSize = Number(process.env.READ_BATCH_SIZE ?? 5000);
  const store = await openEventStore(url, { variable: 'ACCORD_EVENT_STORE' });
  try {
    const started = performance.now();
    let events = 0;
    let bytes = 0;
    for await (const event of store.readAll({ batchSize })) {
      events++;
      // Touch what a reader gets, so nothing is optimised away.
      if (event.data !== null) bytes += event.type.length;
    }
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`${JSON.stringify({ events, seconds, bytes })}\n`);
  } finally {
    await store.close();
  }
}

main().catch((error) => {
  process.stderr.write(`read-log: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
