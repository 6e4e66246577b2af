/** Accord's timed loops (the raw ones are in raw-baseline.ts). Opening and closing (the final WAL checkpoint) stay outside the timed region. */
import { performance } from 'node:perf_hooks';
import { NO_STREAM, SqliteEventStore } from '../../libs/event-store/src';
import { yieldToEventLoop, type PlannedAppend, type Progress } from '../support/helpers';

/** One `append` per planned append, the expected revision tracked from the results. */
export async function accordAppend(path: string, plan: readonly PlannedAppend[], progress: Progress): Promise<number> {
  const store = SqliteEventStore.open({ path, synchronous: 'FULL' });
  try {
    const revisions = new Map<string, number>();
    let done = 0;
    const start = performance.now();
    for (const { stream, events } of plan) {
      const result = await store.append(stream, events, { expectedRevision: revisions.get(stream) ?? NO_STREAM });
      revisions.set(stream, result.nextExpectedRevision);
      done += events.length;
      if (progress.tick(done)) await yieldToEventLoop();
    }
    return performance.now() - start;
  } finally {
    await store.close();
  }
}

/** Keeps the events alive so reading cannot be optimised away. */
let sink: unknown;

/** `readAll` of the whole store; returns milliseconds and the number of events read. */
export async function accordRead(path: string, batchSize: number, progress: Progress): Promise<{ ms: number; events: number }> {
  const store = SqliteEventStore.open({ path, synchronous: 'FULL' });
  try {
    let events = 0;
    const start = performance.now();
    for await (const event of store.readAll({ batchSize })) {
      sink = event;
      if ((++events & 1023) === 0 && progress.tick(events)) await yieldToEventLoop();
    }
    return { ms: performance.now() - start, events };
  } finally {
    await store.close();
  }
}
