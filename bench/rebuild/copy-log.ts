import Database from 'better-sqlite3';
import type { PoolClient } from 'pg';
import { PostgresEventStore } from '../../libs/event-store/src';
import type { Progress } from '../support/helpers';

/** Rows per INSERT (one unnest statement) and per transaction. */
const ROWS_PER_INSERT = 5000;
const ROWS_PER_TRANSACTION = 100_000;

/**
 * Copies a SQLite event log into a fresh PostgreSQL event store: the same rows (position, id, stream,
 * revision, type, data, metadata, hash, previous_hash: the two adapters store the same text columns
 * and the same hash chain) and the head counter, as the PostgreSQL adapter's own appends would have
 * written them, but in large multi-row INSERTs instead of one transaction per append. The SQLite log
 * is gapless from 1 (checked), as positions from the adapter's head counter are.
 */
export async function copyLogToPostgres(sqlitePath: string, pgUrl: string, progress?: Progress): Promise<number> {
  const sqlite = new Database(sqlitePath, { readonly: true });
  const store = await PostgresEventStore.open(pgUrl, { variable: 'ACCORD_EVENT_STORE' }); // creates the schema
  try {
    const { count, head } = sqlite.prepare('SELECT count(*) AS count, coalesce(max(position), 0) AS head FROM events').get() as { count: number; head: number };
    if (count !== head) throw new Error(`copy-log: the SQLite log has gaps (${count} events, head ${head})`);
    const select = sqlite.prepare('SELECT position, id, stream, revision, type, data, metadata, hash, previous_hash FROM events WHERE position > ? ORDER BY position LIMIT ?').raw(true);
    // Two writers on halves of the log: PostgreSQL's index maintenance then uses both cores.
    let copied = 0;
    const half = Math.ceil(head / 2);
    await Promise.all(
      [[0, half], [half, head]].map(async ([from, to]) => {
        const client = await store.pool.connect();
        try {
          let after = from;
          while (after < to) {
            await client.query('BEGIN');
            const end = Math.min(to, after + ROWS_PER_TRANSACTION);
            while (after < end) {
              const rows = select.all(after, Math.min(ROWS_PER_INSERT, end - after)) as unknown[][];
              await insertRows(client, rows);
              after = rows[rows.length - 1][0] as number;
              copied += rows.length;
              progress?.tick(copied);
            }
            await client.query('COMMIT');
          }
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      }),
    );
    await store.pool.query('UPDATE event_log_head SET position = $1', [head]);
    return head;
  } finally {
    sqlite.close();
    await store.close();
  }
}

async function insertRows(client: PoolClient, rows: unknown[][]): Promise<void> {
  const columns: unknown[][] = Array.from({ length: 9 }, () => []);
  for (const row of rows) for (let c = 0; c < 9; c++) columns[c].push(row[c]);
  await client.query(
    `INSERT INTO events (position, id, stream, revision, type, data, metadata, hash, previous_hash)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])`,
    columns,
  );
}
