import type { RecordedEvent } from '@accord/event-store';

/**
 * A read-model transaction. SQL uses `?` placeholders and the portable subset shared by SQLite and
 * PostgreSQL (`INSERT … ON CONFLICT … DO UPDATE`), so a projection is written once for every read store.
 */
export interface ReadTx {
  run(sql: string, params?: readonly unknown[]): Promise<{ changes: number }>;
  get<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row | undefined>;
  all<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface TransactionOptions {
  /**
   * Lets the store send `run`s later, many at a time (PostgreSQL: one round trip per few hundred
   * statements instead of one each), before any `get`/`all` and before COMMIT. `run` then resolves
   * before its statement runs (`changes` NaN), and a failing statement fails the transaction without
   * saying which one it was. For projection batches, which rerun with plain statements on a failure.
   */
  deferWrites?: boolean;
}

/** Where read models and projection checkpoints live. */
export interface ReadStore {
  /**
   * True when versioned migrations own the schema (PostgreSQL): then nothing runs start-up DDL
   * (`Projection.schema`, `CHECKPOINTS_SCHEMA`), and a table a projection needs comes from a migration.
   */
  readonly managedSchema?: boolean;
  /** Runs `fn` in one transaction: all its writes commit together or not at all. `label` names it in errors. */
  transaction<T>(fn: (tx: ReadTx) => Promise<T>, label?: string, options?: TransactionOptions): Promise<T>;
  /** A consistent read outside any projection batch. */
  read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T>;
  /**
   * Runs a rebuild (`work`) with the settings a bulk load may have; the store's own afterwards. SQLite:
   * commits without waiting for the disk (see SqliteReadStore). Absent: nothing changes.
   */
  duringRebuild?<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A projection: its name, the event types it handles, its tables, and how each event changes them. */
export interface Projection {
  readonly name: string;
  /** Event types it handles; others are passed over, and the checkpoint still advances past them. */
  readonly handles: readonly string[];
  /**
   * Idempotent DDL (`CREATE TABLE IF NOT EXISTS …`) for its tables, run at start-up where the read store
   * does not manage its schema; PostgreSQL gets the same tables from libs/projections/migrations.
   */
  readonly schema: readonly string[];
  /** The tables it owns: a rebuild empties them. */
  readonly tables: readonly string[];
  /**
   * Writes the event's effect through `tx` only. It runs inside the read store's transaction, which
   * on SQLite holds the connection the event store appends through: appending from here waits for
   * itself until the lock times out (StoreBusyError, 30 s by default), failing the projection.
   * Reactions that append belong in process managers, after the projection commits.
   */
  handle(event: RecordedEvent, tx: ReadTx): Promise<void>;
}

export type ProjectionState = 'starting' | 'catching-up' | 'live' | 'failing' | 'stopped' | 'rebuilding';

export interface ProjectionStatus {
  name: string;
  state: ProjectionState;
  /** Last global position applied (0: none). */
  checkpoint: number;
  /** Set while the projection is failing. */
  error?: { position: number; eventType: string; message: string; attempts: number; retryInMs: number };
  /** How many events it has passed over as poison (see `ProjectionRunner.poisonEvents`); absent when none. */
  poisoned?: number;
  /** Set while a rebuild is unfinished: it is done once the checkpoint reaches `target`. */
  rebuild?: { target: number; startedAt: string };
}

/** After each batch of a rebuild: the projections rebuilt together in one pass over the log. */
export interface RebuildProgress {
  projections: string[];
  /** The position applied (the lowest checkpoint of the projections). */
  position: number;
  /** Where the pass started (0, or the checkpoint an interrupted rebuild reached) and where it ends. */
  from: number;
  head: number;
  /** Events read in this pass so far. */
  eventsRead: number;
  eventsPerSecond: number;
  etaSeconds: number | null;
}
