import { AppendWaiters } from '../append-waiters';
import { Client, type Pool, type PoolClient } from 'pg';
import { catchUpSubscription } from '../catch-up-subscription';
import { jsonString } from '../canonical-json';
import { ExpectedVersionConflictError, StoreBusyError } from '../errors';
import { preparedEventHash } from '../hash-chain';
import { NO_STREAM } from '../types';
import type {
  AppendOptions, AppendResult, EventStore, ExpectedRevision, NewEvent, ReadAllOptions,
  ReadStreamOptions, RecordedEvent, SubscribeOptions, Subscription,
} from '../types';
import { firstRevisionFor, prepareAppend, replayAcknowledgement, revisionMatches, type PreparedEvent, type RecordedId } from '../validate-append';
import { GroupedInserts, type ChainedAppend } from './grouped-inserts';
import { inPgTransaction, openPgPool, parsePgUrl } from './pg-pool';
import { POSTGRES_EVENTS_SCHEMA, SCHEMA_LOCK_KEY } from './postgres-schema';

export interface PostgresEventStoreOptions {
  /** The variable the URL came from, for error messages. Default ACCORD_EVENT_STORE. */
  variable?: string;
  /** Connections in the pool. Default 10. */
  poolSize?: number;
  /** How long an append waits for the log's head lock before failing with StoreBusyError. Default 60 s. */
  lockTimeoutMs?: number;
  /** How often a waiting subscription re-reads if no notification arrives. Default 500 ms. */
  pollIntervalMs?: number;
  /** Shown in pg_stat_activity. Default accord-event-store. */
  applicationName?: string;
}

type Queryable = Pick<PoolClient, 'query'>;

interface EventRow {
  position: number;
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  hash: string;
  previous_hash: string | null;
}

const COLUMNS = 'position, id, stream, revision, type, data, metadata, hash, previous_hash';

/**
 * One transaction's appends in one statement. Taking the head row (the UPDATE) is what orders
 * appends: the INSERT reads its new value, so it runs after the lock is granted, and the lock is
 * held until the transaction commits. The notification is delivered when it commits.
 */
const APPEND_SQL = `
  WITH head AS (UPDATE event_log_head SET position = position + $9 RETURNING position),
  written AS (
    INSERT INTO events (position, id, stream, revision, type, data, metadata, hash, previous_hash)
    SELECT head.position - $9 + u.n, u.i, u.s, u.r, u.t, u.d, u.m, u.h, u.ph
    FROM head, unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY AS u(i, s, r, t, d, m, h, ph, n)
    RETURNING 1)
  SELECT head.position, pg_notify($10, head.position::text) FROM head, (SELECT count(*) FROM written) AS done`;

/**
 * How many group writes of one store may be under way at once (see {@link GroupedInserts}): one
 * committing, one queued at the head lock behind it, the rest of the appends gathering for the next.
 */
export const PG_GROUP_WRITE_SLOTS = 2;

const DEFAULT_BATCH = 1000;

/**
 * The event store on PostgreSQL. See postgres-schema.ts for why positions come from a locked head
 * counter rather than a sequence. Appends notify `accord_append_<schema>` on commit; waiting
 * subscriptions listen on one dedicated connection and also poll, so a lost notification or a
 * broken listener only slows them down.
 */
export class PostgresEventStore implements EventStore {
  private readonly waiters = new AppendWaiters();
  private readonly subscriptions = new Set<Subscription>();
  private listener?: Client;
  private listenerRetry?: NodeJS.Timeout;
  private closed = false;
  private readonly channel: string;
  private readonly inserts = new GroupedInserts(PG_GROUP_WRITE_SLOTS, (appends) => this.insertRows(this.pool, appends));

  static async open(url: string, options: PostgresEventStoreOptions = {}): Promise<PostgresEventStore> {
    const variable = options.variable ?? 'ACCORD_EVENT_STORE';
    const lockTimeoutMs = options.lockTimeoutMs ?? 60_000;
    const { pool, schema } = await openPgPool(url, {
      variable,
      applicationName: options.applicationName ?? 'accord-event-store',
      max: options.poolSize,
      // A process that stalls inside an append must not hold the log's head lock for ever.
      settings: { lock_timeout: `${lockTimeoutMs}ms`, idle_in_transaction_session_timeout: `${Math.max(lockTimeoutMs, 60_000)}ms` },
    });
    try {
      await inPgTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY]);
        await client.query(POSTGRES_EVENTS_SCHEMA);
      });
    } catch (error) {
      await pool.end();
      throw error;
    }
    const store = new PostgresEventStore(pool, url, schema, options.pollIntervalMs ?? 500, lockTimeoutMs);
    await store.listen();
    return store;
  }

  private constructor(
    readonly pool: Pool,
    private readonly url: string,
    readonly schema: string,
    private readonly pollIntervalMs: number,
    private readonly lockTimeoutMs: number,
  ) {
    this.channel = `accord_append_${schema}`;
  }

  async append(stream: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const expected = options?.expectedRevision;
    const prepared = prepareAppend(stream, events, expected);
    this.assertOpen();
    try {
      if (firstRevisionFor(expected) === undefined) {
        return await inPgTransaction(this.pool, (client) => this.appendLocked(client, stream, prepared, expected));
      }
      return await this.appendAutocommit(stream, prepared, expected);
    } catch (error) {
      if (isUniqueViolation(error, 'events_id_key')) return (await this.replayOf(this.pool, stream, prepared, expected)) ?? raise(error);
      if ((error as { code?: string }).code === '55P03') throw new StoreBusyError(`an append to ${stream} waiting for the log's head lock`, this.lockTimeoutMs);
      throw error;
    }
  }

  /**
   * Appends inside a transaction the caller opened on `client` and will commit (or roll back): the
   * events become visible, and the log's head lock is released, only then. For writes that must
   * commit together with other tables, and for the tests that hold commits back.
   */
  async appendWithin(client: Queryable, stream: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return this.appendLocked(client, stream, prepareAppend(stream, events, options?.expectedRevision), options.expectedRevision);
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    let from = options.fromRevision ?? 0;
    for (;;) {
      this.assertOpen();
      const { rows } = await this.pool.query<EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
        [stream, from, DEFAULT_BATCH],
      );
      for (const row of rows) yield toRecorded(row);
      if (rows.length < DEFAULT_BATCH) return;
      from = rows[rows.length - 1].revision + 1;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const batchSize = options.batchSize ?? DEFAULT_BATCH;
    let after = options.after ?? 0;
    this.assertOpen();
    const until = options.until ?? (await this.headPosition()); // fixed at the start, so a read ends
    while (after < until) {
      this.assertOpen();
      const { rows } = await this.pool.query<EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3`,
        [after, until, batchSize],
      );
      for (const row of rows) yield toRecorded(row);
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1].position;
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const subscription: Subscription = catchUpSubscription(this, options, () => this.subscriptions.delete(subscription));
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Resolves on a notification past `after`, after a poll interval, or on abort. */
  async waitForAppend(after: number, signal: AbortSignal): Promise<void> {
    if (this.closed || signal.aborted || (await this.headPosition()) > after) return;
    await this.waiters.wait(after, this.pollIntervalMs, signal);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ position: number }>('SELECT position FROM event_log_head');
    return rows[0].position;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const subscription of [...this.subscriptions]) subscription.close();
    this.waiters.wake();
    clearTimeout(this.listenerRetry);
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }

  /**
   * The fast path, for an expected revision that fixes where the batch goes (`no_stream` or a
   * number): the stream's tip is read without any lock, then ONE autocommitted statement takes the
   * head lock, inserts and notifies, so the lock is held for the insert and the commit's flush only,
   * with no round trip to this process in between; appends arriving meanwhile share the next such
   * statement ({@link GroupedInserts}). A concurrent append to the same stream between the read and
   * the insert makes the insert violate UNIQUE (stream, revision): a conflict, and the whole
   * statement (head counter included) is rolled back, so positions stay gapless.
   */
  private async appendAutocommit(stream: string, events: PreparedEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const tip = expected === NO_STREAM ? undefined : await this.tipOf(this.pool, stream);
    const actual = tip ? tip.revision : -1;
    if (!revisionMatches(expected, actual)) return this.replayOrConflict(this.pool, stream, events, expected, actual);
    const chained = chain(stream, events, tip);
    try {
      const position = await this.inserts.submit(chained);
      return { nextExpectedRevision: chained.revisions[chained.revisions.length - 1], position, written: true };
    } catch (error) {
      if (!isUniqueViolation(error, 'events_stream_revision_key')) throw error;
      const replay = await this.replayOf(this.pool, stream, events, expected);
      if (replay) return replay;
      const now = await this.tipOf(this.pool, stream);
      throw new ExpectedVersionConflictError(stream, expected, now ? now.revision : -1);
    }
  }

  /**
   * Inside a transaction on `client`: the head lock first, then the stream's tip in a statement of
   * its own (under READ COMMITTED its snapshot is taken after the lock is granted, so it sees every
   * earlier append), then the insert. For `any` and `stream_exists`, and for {@link appendWithin}.
   */
  private async appendLocked(client: Queryable, stream: string, events: PreparedEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    await client.query('SELECT position FROM event_log_head FOR UPDATE');
    const tip = await this.tipOf(client, stream);
    const actual = tip ? tip.revision : -1;
    if (!revisionMatches(expected, actual)) return this.replayOrConflict(client, stream, events, expected, actual);
    const chained = chain(stream, events, tip);
    const [position] = await this.insertRows(client, [chained]);
    return { nextExpectedRevision: chained.revisions[chained.revisions.length - 1], position, written: true };
  }

  private async tipOf(db: Queryable, stream: string): Promise<{ revision: number; hash: string } | undefined> {
    const { rows } = await db.query<{ revision: number; hash: string }>('SELECT revision, hash FROM events WHERE stream = $1 ORDER BY revision DESC LIMIT 1', [stream]);
    return rows[0];
  }

  private async replayOrConflict(db: Queryable, stream: string, events: PreparedEvent[], expected: ExpectedRevision, actual: number): Promise<AppendResult> {
    const replay = await this.replayOf(db, stream, events, expected);
    if (replay) return replay;
    throw new ExpectedVersionConflictError(stream, expected, actual);
  }

  /** Writes appends in one statement (head counter, rows, notification); the last position of each. */
  private async insertRows(db: Queryable, appends: readonly ChainedAppend[]): Promise<number[]> {
    const single = appends.length === 1 ? appends[0] : undefined;
    const column = <K extends keyof ChainedAppend>(key: K) => (single ? single[key] : appends.flatMap((a) => a[key] as unknown[]));
    const streams = single ? single.ids.map(() => single.stream) : appends.flatMap((a) => a.ids.map(() => a.stream));
    const total = streams.length;
    const { rows } = await db.query<{ position: number }>(APPEND_SQL, [
      column('ids'), streams, column('revisions'), column('types'), column('data'), column('metadata'), column('hashes'), column('previousHashes'),
      total, this.channel,
    ]);
    let position = rows[0].position - total;
    return appends.map((a) => (position += a.ids.length));
  }

  /** The acknowledgement for a batch already written, if it was (see {@link replayAcknowledgement}). */
  private async replayOf(db: Queryable, stream: string, events: PreparedEvent[], expected: ExpectedRevision): Promise<AppendResult | undefined> {
    const { rows } = await db.query<RecordedId>('SELECT id, stream, revision, position FROM events WHERE id = ANY($1::text[])', [events.map((e) => e.id)]);
    return replayAcknowledgement(stream, events, expected, rows);
  }

  /** One connection that LISTENs for appends; reconnects with backoff if it breaks. */
  private async listen(attempt = 0): Promise<void> {
    if (this.closed) return;
    const client = new Client({ connectionString: parsePgUrl(this.url, 'ACCORD_EVENT_STORE').connectionString, application_name: 'accord-event-store-listener' });
    const retry = (error: Error) => {
      if (this.closed || this.listener !== client) return;
      this.listener = undefined;
      console.error(`PostgreSQL event store: notification connection lost (${error.message}); polling until it is back`);
      client.end().catch(() => undefined);
      this.listenerRetry = setTimeout(() => void this.listen(attempt + 1).catch(() => undefined), Math.min(250 * 2 ** attempt, 10_000));
    };
    client.on('error', retry);
    client.on('end', () => retry(new Error('connection ended')));
    client.on('notification', ({ payload }) => {
      const position = Number(payload);
      this.waiters.wake(Number.isNaN(position) ? undefined : position);
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
      this.listener = client;
    } catch (error) {
      if (attempt === 0) throw error;
      this.listener = client;
      retry(error as Error);
    }
    // An append between a broken listener and this one was not heard: wake everyone to re-read.
    this.waiters.wake();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}

/** The batch's rows, revisions and hashes following on from the stream's tip. */
function chain(stream: string, events: readonly PreparedEvent[], tip: { revision: number; hash: string } | undefined): ChainedAppend {
  const chained: ChainedAppend = { stream, ids: [], revisions: [], types: [], data: [], metadata: [], hashes: [], previousHashes: [] };
  const quotedStream = jsonString(stream);
  let previousHash = tip ? tip.hash : null;
  let revision = tip ? tip.revision : -1;
  let quotedType = '';
  let lastType: string | undefined;
  for (const event of events) {
    revision++;
    if (event.type !== lastType) {
      lastType = event.type;
      quotedType = jsonString(lastType);
    }
    const hash = preparedEventHash(previousHash, quotedStream, revision, event, quotedType);
    chained.ids.push(event.id);
    chained.revisions.push(revision);
    chained.types.push(event.type);
    chained.data.push(event.dataJson);
    chained.metadata.push(event.metadataJson);
    chained.hashes.push(hash);
    chained.previousHashes.push(previousHash);
    previousHash = hash;
  }
  return chained;
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    stream: row.stream,
    revision: row.revision,
    position: row.position,
    hash: row.hash,
    previousHash: row.previous_hash,
  };
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && e.constraint === constraint;
}

function raise(error: unknown): never {
  throw error;
}
