import { inPgTransaction, PostgresEventStore, type AppendResult, type EventStore, type ExpectedRevision, type NewEvent } from '@accord/event-store';

/** Consecutive events of one stream, appended at a fixed revision. */
export interface AppendRun {
  stream: string;
  events: NewEvent[];
  expectedRevision: ExpectedRevision;
}

/** How an import's runs reach the store: in order, as many per call as `runsPerWrite`. */
export interface ImportWriter {
  readonly runsPerWrite: number;
  /** Appends the runs in order and returns each one's result; on PostgreSQL all of them or none. */
  write(runs: readonly AppendRun[]): Promise<AppendResult[]>;
}

/** Runs per PostgreSQL transaction: each holds the log's head lock, so other writers wait for it. */
const PG_RUNS_PER_TRANSACTION = 200;

/**
 * PostgreSQL: many runs per transaction through `appendWithin` (one commit, not hundreds; an import
 * of interleaved streams appends mostly one event per run). Elsewhere one `append` per run: each
 * is its own transaction, as the port offers no wider one.
 */
export function importWriterFor(store: EventStore): ImportWriter {
  if (store instanceof PostgresEventStore) {
    return {
      runsPerWrite: PG_RUNS_PER_TRANSACTION,
      write: (runs) =>
        inPgTransaction(store.pool, async (client) => {
          const results: AppendResult[] = [];
          for (const run of runs) results.push(await store.appendWithin(client, run.stream, run.events, { expectedRevision: run.expectedRevision }));
          return results;
        }),
    };
  }
  return {
    runsPerWrite: 1,
    write: async (runs) => {
      const results: AppendResult[] = [];
      for (const run of runs) results.push(await store.append(run.stream, run.events, { expectedRevision: run.expectedRevision }));
      return results;
    },
  };
}
