import { SqliteConnection, type EventStore, type RecordedEvent } from '@accord/event-store';
import { CHECKPOINTS_SCHEMA, writeCheckpoint, readCheckpoint } from './checkpoints';
import { SqliteReadStore } from './sqlite-read-store';
import type { Projection, ReadStore } from './types';

export interface FreshProjectionOptions {
  /** Apply events up to this position (inclusive). Default: the head when it starts. */
  until?: number;
  /** Apply only the events this accepts (a firm's, those before a date); the others are passed over. */
  include?: (event: RecordedEvent) => boolean;
  /** Events per transaction. */
  batchSize?: number;
  /** After each batch: the position reached, events read so far, and the target position. */
  onBatch?: (position: number, read: number, until: number) => void;
}

/**
 * A read store of its own (in-memory SQLite), with `projections` applied straight from the log:
 * no runner, no worker, no retries. It is the reference that incremental projection, rebuilds and
 * crash recovery are compared with, and what `accord replay` answers "as of" questions from.
 */
export async function projectFresh(store: EventStore, projections: readonly Projection[], options: FreshProjectionOptions = {}): Promise<ReadStore & { close(): Promise<void> }> {
  const connection = new SqliteConnection({ path: ':memory:', synchronous: 'OFF' });
  const readStore = new SqliteReadStore(connection);
  const closeable = Object.assign(readStore, { close: () => connection.close() });
  try {
    await readStore.transaction(async (tx) => {
      await tx.run(CHECKPOINTS_SCHEMA);
      for (const projection of projections) {
        for (const ddl of projection.schema) await tx.run(ddl);
        await readCheckpoint(tx, projection.name);
      }
    });
    const until = options.until ?? (await store.headPosition());
    const batchSize = options.batchSize ?? 2000;
    const handles = projections.map((projection) => new Set(projection.handles));
    let batch: RecordedEvent[] = [];
    let read = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const last = batch[batch.length - 1].position;
      const events = batch;
      batch = [];
      await readStore.transaction(async (tx) => {
        for (const event of events) {
          if (options.include && !options.include(event)) continue;
          for (let i = 0; i < projections.length; i++) if (handles[i].has(event.type)) await projections[i].handle(event, tx);
        }
        for (const projection of projections) await writeCheckpoint(tx, projection.name, last);
      });
      options.onBatch?.(last, read, until);
    };
    for await (const event of store.readAll({ after: 0, until, batchSize })) {
      batch.push(event);
      read++;
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    return closeable;
  } catch (error) {
    await connection.close();
    throw error;
  }
}
