// A separate writer process for the contract tests of durable adapters. Prints `ack <event id>` once each append
// has been acknowledged, so the parent knows exactly what the store promised.
// <url> is a store URL (sqlite:<path>, postgres://…).
//   loop <url>             append single events until killed
//   count <url> <n>        append n single events, then exit
//   race <url> <stream> <expected> <go-file>
//                          once <go-file> exists, append one event at <expected>; print `ack <id>`
//                          or `conflict <expected> <actual>`
import { existsSync } from 'node:fs';
import { ExpectedVersionConflictError } from '../errors';
import { openEventStore } from '../open-event-store';
import type { EventStore } from '../types';
import { anEvent, freshStream } from './fixtures';

async function main(): Promise<void> {
  const [mode, url, n] = process.argv.slice(2);
  const store = await openEventStore(url);
  if (mode === 'race') return race(store, process.argv.slice(4));
  const streams = Array.from({ length: 10 }, () => ({ name: freshStream('child'), revision: -1 }));
  const limit = mode === 'count' ? Number(n) : Number.POSITIVE_INFINITY;
  for (let i = 0; i < limit; i++) {
    const target = streams[i % streams.length];
    const event = anEvent('ChildAppended', { i });
    const result = await store.append(target.name, [event], { expectedRevision: target.revision < 0 ? 'no_stream' : target.revision });
    target.revision = result.nextExpectedRevision;
    process.stdout.write(`ack ${event.id}\n`);
  }
  await store.close();
}

async function race(store: EventStore, [stream, expected, goFile]: string[]): Promise<void> {
  process.stdout.write('ready\n');
  while (!existsSync(goFile)) await new Promise((r) => setTimeout(r, 1));
  const event = anEvent('Raced');
  try {
    await store.append(stream, [event], { expectedRevision: Number(expected) });
    process.stdout.write(`ack ${event.id}\n`);
  } catch (error) {
    if (!(error instanceof ExpectedVersionConflictError)) throw error;
    process.stdout.write(`conflict ${String(error.expected)} ${error.actual}\n`);
  }
  await store.close();
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
