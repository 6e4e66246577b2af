import { AppendWaiters } from '../append-waiters';
import type Database from 'better-sqlite3';
import { batchedIterable } from '../batched-iterable';
import { catchUpSubscription } from '../catch-up-subscription';
import { ExpectedVersionConflictError } from '../errors';
import { jsonString } from '../canonical-json';
import { preparedEventHash } from '../hash-chain';
import type {
  AppendOptions, AppendResult, EventStore, ExpectedRevision, NewEvent, ReadAllOptions,
  ReadStreamOptions, RecordedEvent, SubscribeOptions, Subscription,
} from '../types';
import { prepareAppend, replayAcknowledgement, revisionMatches, type PreparedEvent, type RecordedId } from '../validate-append';
import { SqliteConnection, type SqliteConnectionOptions } from './sqlite-connection';
import { EVENTS_SCHEMA } from './schema';

export interface SqliteEventStoreOptions extends SqliteConnectionOptions {
  /** How often a waiting subscription re-reads, to see appends made by other processes. */
  pollIntervalMs?: number;
}

/** A row in array mode, columns in `COLUMNS` order: object rows cost a third of read throughput. */
type EventRow = [position: number, id: string, stream: string, revision: number, type: string, data: string, metadata: string, hash: string, previousHash: string | null];

const COLUMNS = 'position, id, stream, revision, type, data, metadata, hash, previous_hash';
const DEFAULT_BATCH = 1000;

/**
 * Rows per INSERT statement. Each statement run has a fixed cost in better-sqlite3 (the call, the
 * step and reset, a result object); one statement for 25 rows pays it once. Measured on batches of
 * 100 (docs/benchmarks.md); 8 × 25 = 200 parameters, far below SQLite's limit of 32,766.
 */
const ROWS_PER_INSERT = 25;
const INSERT_PREFIX = 'INSERT INTO events (id, stream, revision, type, data, metadata, hash, previous_hash) VALUES ';

/** The embedded event store on better-sqlite3 (WAL, `synchronous=FULL` by default). */
export class SqliteEventStore implements EventStore {
  private readonly waiters = new AppendWaiters();
  private readonly subscriptions = new Set<Subscription>();
  private readonly pollIntervalMs: number;
  private readonly appendTxn: Database.Transaction<(stream: string, events: PreparedEvent[], expected: ExpectedRevision) => AppendResult>;
  /** `inserts[n]`: the INSERT of n rows, and the array its 8 × n parameters are bound from. */
  private readonly inserts: Array<{ statement: Database.Statement; parameters: unknown[] }> = [];
  private closed = false;

  /** Opens (and creates if needed) a store that owns its connection. */
  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    return new SqliteEventStore(new SqliteConnection(options), options, true);
  }

  constructor(
    readonly connection: SqliteConnection,
    options: { pollIntervalMs?: number } = {},
    private readonly ownsConnection = false,
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    connection.db.exec(EVENTS_SCHEMA);
    this.appendTxn = connection.db.transaction((stream, events, expected) => this.appendInTransaction(stream, events, expected));
  }

  async append(stream: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const prepared = prepareAppend(stream, events, options?.expectedRevision);
    return this.connection.exclusive(() => {
      this.assertOpen();
      let result: AppendResult;
      try {
        result = this.appendTxn.immediate(stream, prepared, options.expectedRevision);
      } catch (error) {
        if (!isDuplicateEventId(error)) throw error;
        result = this.replayOf(stream, prepared, options.expectedRevision) ?? raise(error);
      }
      if (result.written) this.waiters.wake();
      return result;
    }, `an append to ${stream}`);
  }

  readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const select = this.rowsOf(`SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`);
    const from = options.fromRevision ?? 0;
    return batchedIterable((last: RecordedEvent | undefined) => {
      this.assertOpen();
      return (select.all(stream, last ? last.revision + 1 : from, DEFAULT_BATCH) as EventRow[]).map(toRecorded);
    });
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const select = this.rowsOf(`SELECT ${COLUMNS} FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`);
    const batchSize = options.batchSize ?? DEFAULT_BATCH;
    let until = options.until;
    return batchedIterable((last: RecordedEvent | undefined) => {
      this.assertOpen();
      until ??= this.head(); // fixed when iteration starts, so a read ends even while writers go on
      return (select.all(last ? last.position : (options.after ?? 0), until, batchSize) as EventRow[]).map(toRecorded);
    });
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const subscription: Subscription = catchUpSubscription(this, options, () => this.subscriptions.delete(subscription));
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Resolves once the head passes `after` (in this process), after a poll interval, or on abort. */
  waitForAppend(after: number, signal: AbortSignal): Promise<void> {
    if (this.closed || signal.aborted || this.head() > after) return Promise.resolve();
    return this.waiters.wait(after, this.pollIntervalMs, signal);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.head();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const subscription of [...this.subscriptions]) subscription.close();
    this.waiters.wake();
    if (this.ownsConnection) await this.connection.close();
  }

  private appendInTransaction(stream: string, events: PreparedEvent[], expected: ExpectedRevision): AppendResult {
    const tip = this.connection
      .prepare('SELECT revision, hash FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1')
      .get(stream) as { revision: number; hash: string } | undefined;
    const actual = tip ? tip.revision : -1;
    if (!revisionMatches(expected, actual)) {
      const replay = this.replayOf(stream, events, expected);
      if (replay) return replay;
      throw new ExpectedVersionConflictError(stream, expected, actual);
    }
    const quotedStream = jsonString(stream);
    let quotedType = '';
    let lastType: string | undefined;
    let previousHash = tip ? tip.hash : null;
    let revision = actual;
    let position = 0;
    for (let start = 0; start < events.length; start += ROWS_PER_INSERT) {
      const rows = Math.min(ROWS_PER_INSERT, events.length - start);
      const insert = this.insertOf(rows);
      const p = insert.parameters;
      for (let i = 0, k = 0; i < rows; i++, k += 8) {
        const event = events[start + i];
        revision++;
        if (event.type !== lastType) {
          lastType = event.type;
          quotedType = jsonString(lastType);
        }
        const hash = preparedEventHash(previousHash, quotedStream, revision, event, quotedType);
        p[k] = event.id;
        p[k + 1] = stream;
        p[k + 2] = revision;
        p[k + 3] = event.type;
        p[k + 4] = event.dataJson;
        p[k + 5] = event.metadataJson;
        p[k + 6] = hash;
        p[k + 7] = previousHash;
        previousHash = hash;
      }
      // Spread, not `run(p)`: better-sqlite3 reads an array argument element by element through the
      // V8 API, which cost ~1.5 µs per row more than plain arguments (docs/benchmarks.md).
      // lastInsertRowid of a multi-row INSERT is its last row's rowid: the batch's last position.
      position = Number(insert.statement.run(...p).lastInsertRowid);
    }
    return { nextExpectedRevision: revision, position, written: true };
  }

  /** The cached INSERT of `rows` rows (one per count up to ROWS_PER_INSERT, made on first use). */
  private insertOf(rows: number): { statement: Database.Statement; parameters: unknown[] } {
    let insert = this.inserts[rows];
    if (insert === undefined) {
      const sql = INSERT_PREFIX + Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
      insert = { statement: this.connection.prepare(sql), parameters: Array.from({ length: rows * 8 }, () => null) };
      this.inserts[rows] = insert;
    }
    return insert;
  }

  /** The acknowledgement for a batch already written, if it was (see {@link replayAcknowledgement}). */
  private replayOf(stream: string, events: PreparedEvent[], expected: ExpectedRevision): AppendResult | undefined {
    const rows = this.connection
      .prepare('SELECT id, stream, revision, position FROM events WHERE id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(events.map((e) => e.id))) as RecordedId[];
    return replayAcknowledgement(stream, events, expected, rows);
  }

  /** An array-mode statement; its SQL text is only ever prepared here, so the cache cannot mix modes. */
  private rowsOf(sql: string): Database.Statement {
    return this.connection.prepare(sql).raw(true);
  }

  private head(): number {
    return (this.connection.prepare('SELECT coalesce(max(position), 0) AS head FROM events').get() as { head: number }).head;
  }


  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row[1],
    type: row[4],
    data: JSON.parse(row[5]),
    metadata: JSON.parse(row[6]),
    stream: row[2],
    revision: row[3],
    position: row[0],
    hash: row[7],
    previousHash: row[8],
  };
}

function isDuplicateEventId(error: unknown): boolean {
  return (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && /events\.id/.test((error as Error).message);
}

function raise(error: unknown): never {
  throw error;
}
