import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { Client, Pool } from 'pg';
import { PostgresEventStore } from '../../libs/event-store/src';
import { POSTGRES_EVENTS_SCHEMA } from '../../libs/event-store/src/postgres/postgres-schema';
import { dropPgSchema, freshPgUrl } from '../../libs/event-store/src/testing/test-databases';
import type { Append, Columns } from './workload';

/** One side of one round, in a schema of its own: opened and warmed untimed, then timed appends. */
export interface OpenSide {
  append(a: Append): Promise<void>;
  /** Untimed: throws unless the schema holds exactly the expected rows (and, for Accord, gapless positions). */
  verify(expected: Columns): Promise<void>;
  close(): Promise<void>;
}

export interface SideKind {
  label: string;
  open(writers: number, schemas: SchemaRegistry): Promise<OpenSide>;
}

/** Every schema made, so a failed run still drops them (from `ctx.onCleanup`). */
export class SchemaRegistry {
  private readonly urls = new Set<string>();

  fresh(prefix: string): { url: string; schema: string } {
    const url = freshPgUrl(prefix);
    this.urls.add(url);
    return { url, schema: new URL(url).searchParams.get('schema')! };
  }

  async drop(url: string): Promise<void> {
    await dropPgSchema(url);
    this.urls.delete(url);
  }

  async dropAll(): Promise<void> {
    for (const url of [...this.urls]) await this.drop(url);
  }
}

/** A `pg` connection string whose sessions work in `schema` (libpq `options`, as psql would pass them). */
function inSchema(url: string, schema: string): string {
  const plain = new URL(url);
  plain.searchParams.delete('schema');
  plain.searchParams.set('options', `-c search_path=${schema}`);
  return plain.toString();
}

/** Opens `count` connections at once (by running `count` queries together), so the timed loop never connects. */
async function warm(count: number, query: () => Promise<unknown>): Promise<void> {
  await Promise.all(Array.from({ length: count }, query));
}

const UNNEST_ROWS = `unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
  AS e(id, stream, revision, type, data, metadata, hash, previous_hash)`;

const params = (c: Columns) => [c.id, c.stream, c.revision, c.type, c.data, c.metadata, c.hash, c.previousHash];

/** Throws unless the `events` table (Accord's layout) holds exactly `expected`, column for column. */
async function verifyEventsTable(db: Pick<Client, 'query'>, expected: Columns, who: string): Promise<void> {
  const { rows } = await db.query<{ total: string; matching: string }>(
    `SELECT (SELECT count(*) FROM events) AS total,
            (SELECT count(*) FROM events t JOIN ${UNNEST_ROWS} ON t.id = e.id
              WHERE t.stream = e.stream AND t.revision = e.revision AND t.type = e.type AND t.data = e.data
                AND t.metadata = e.metadata AND t.hash = e.hash AND t.previous_hash IS NOT DISTINCT FROM e.previous_hash) AS matching`,
    params(expected),
  );
  const n = expected.id.length;
  if (Number(rows[0].total) !== n || Number(rows[0].matching) !== n) {
    throw new Error(`${who}: ${rows[0].total} events stored, ${rows[0].matching} match the ${n} expected rows`);
  }
}

/** Accord's PostgresEventStore, as the application opens it (pool of 10, durability as the server's default). */
export const accordSide: SideKind = {
  label: 'Accord',
  async open(writers, schemas) {
    const { url } = schemas.fresh('bench_apg_accord');
    const store = await PostgresEventStore.open(url, { applicationName: 'bench-accord' });
    await warm(writers, () => store.headPosition());
    return {
      async append(a) {
        await store.append(a.stream, a.events, { expectedRevision: a.expected });
      },
      async verify(expected) {
        await verifyEventsTable(store.pool, expected, 'Accord');
        const { rows } = await store.pool.query<{ head: number; n: number; first: number; last: number }>(
          'SELECT (SELECT position FROM event_log_head) AS head, count(*) AS n, coalesce(min(position), 0) AS first, coalesce(max(position), 0) AS last FROM events',
        );
        const { head, n, first, last } = rows[0];
        if (head !== n || first !== 1 || last !== n) throw new Error(`Accord: positions not gapless (head ${head}, ${n} events, ${first}…${last})`);
      },
      async close() {
        await store.close();
        await schemas.drop(url);
      },
    };
  },
};

/**
 * The limit: Accord's events table, but positions from an identity column (no head lock, no tip
 * read, no expected-revision check), and each append one INSERT … SELECT FROM unnest of the
 * precomputed rows, autocommitted: one round trip, one commit, the same durability.
 */
const RAW_TABLE_DDL = POSTGRES_EVENTS_SCHEMA.replace('position      BIGINT PRIMARY KEY', 'position      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY');
if (RAW_TABLE_DDL === POSTGRES_EVENTS_SCHEMA) throw new Error('append-postgres: the events table DDL changed; update the raw baseline');
const RAW_INSERT = `INSERT INTO events (id, stream, revision, type, data, metadata, hash, previous_hash) SELECT * FROM ${UNNEST_ROWS}`;

export const rawSide: SideKind = {
  label: 'raw',
  async open(writers, schemas) {
    const { url, schema } = schemas.fresh('bench_apg_raw');
    const pool = new Pool({ connectionString: inSchema(url, schema), max: writers, application_name: 'bench-raw' });
    try {
      await pool.query(`CREATE SCHEMA "${schema}"`);
      await pool.query(RAW_TABLE_DDL);
      await warm(writers, () => pool.query('SELECT 1'));
    } catch (error) {
      await pool.end();
      throw error;
    }
    return {
      async append(a) {
        await pool.query(RAW_INSERT, params(a.columns));
      },
      async verify(expected) {
        await verifyEventsTable(pool, expected, 'raw');
      },
      async close() {
        await pool.end();
        await schemas.drop(url);
      },
    };
  },
};

/** Emmett's events, as its appendToStream receives them: Accord's event id passed as `messageId`, which Emmett stores as the message id. */
export function emmettEvents(a: Append): Array<{ type: string; data: Record<string, unknown>; metadata: Record<string, unknown> }> {
  return a.events.map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, metadata: { ...(e.metadata as unknown as Record<string, unknown>), messageId: e.id } }));
}

/**
 * The peer: @event-driven-io/emmett-postgresql's event store from getPostgreSQLEventStore, its
 * tables (emt_streams, emt_messages, … created by its own migrations) in a schema of their own
 * via search_path. Expected version: 0 for a new stream, else the stream's event count.
 */
export const emmettSide: SideKind = {
  label: 'Emmett',
  async open(writers, schemas) {
    const { url, schema } = schemas.fresh('bench_apg_emmett');
    const connectionString = inSchema(url, schema);
    const admin = new Client({ connectionString, application_name: 'bench-emmett-check' });
    await admin.connect();
    const store = getPostgreSQLEventStore(connectionString);
    try {
      await admin.query(`CREATE SCHEMA "${schema}"`);
      await store.schema.migrate();
      await warm(writers, () => store.streamExists('warm-up'));
    } catch (error) {
      await store.close();
      await admin.end();
      throw error;
    }
    return {
      async append(a) {
        const expected = a.expected === 'no_stream' ? 0n : BigInt((a.expected as number) + 1);
        await store.appendToStream(a.stream, emmettEvents(a), { expectedStreamVersion: expected });
      },
      async verify(expected) {
        const { rows } = await admin.query<{ total: string; positions: string; matching: string }>(
          `SELECT (SELECT count(*) FROM emt_messages) AS total,
                  (SELECT count(DISTINCT global_position) FROM emt_messages) AS positions,
                  (SELECT count(*) FROM emt_messages t
                     JOIN unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::jsonb[], $6::jsonb[]) AS e(id, stream, revision, type, data, metadata)
                       ON t.message_id = e.id
                    WHERE t.stream_id = e.stream AND t.stream_position = e.revision + 1 AND t.message_type = e.type
                      AND t.message_data = e.data AND t.message_metadata = e.metadata) AS matching`,
          [expected.id, expected.stream, expected.revision, expected.type, expected.data, expected.metadata],
        );
        const n = expected.id.length;
        const { total, positions, matching } = rows[0];
        if (Number(total) !== n || Number(positions) !== n || Number(matching) !== n) {
          throw new Error(`Emmett: ${total} messages stored (${positions} distinct global positions), ${matching} match the ${n} expected`);
        }
      },
      async close() {
        await store.close();
        await admin.end();
        await schemas.drop(url);
      },
    };
  },
};
