import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import type { EventStore } from '../types';
import { appendThenKill, childProcessWriters } from './child-writers';
import type { ContractHarness, TamperField, Tamperer } from './contract-harness';
import { dropPgSchema, freshPgUrl } from './services';

const COLUMN: Record<TamperField, string> = {
  data: 'data', metadata: 'metadata', type: 'type', id: 'id', hash: 'hash', previousHash: 'previous_hash', stream: 'stream',
};

const pg = (store: EventStore) => store as PostgresEventStore;

/** Runs `sql` with the immutability triggers disabled, as a superuser editing the table would. */
async function bypassingTriggers(store: EventStore, ...statements: Array<[sql: string, params: unknown[]]>): Promise<void> {
  const client = await pg(store).pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('ALTER TABLE events DISABLE TRIGGER USER');
    for (const [sql, params] of statements) await client.query(sql, params);
    await client.query('ALTER TABLE events ENABLE TRIGGER USER');
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/** Moves one lowercase letter at or after the middle of `text` to the next letter (as the SQLite tamperer). */
const FLIP_ONE_LETTER = `
  WITH v AS (SELECT %COL% AS t FROM events WHERE position = $1),
       i AS (SELECT t, (SELECT min(k) FROM generate_series(length(t) / 2 + 1, length(t)) k WHERE substr(t, k, 1) BETWEEN 'a' AND 'y') AS k FROM v)
  UPDATE events SET %COL% = (SELECT overlay(t placing chr(ascii(substr(t, k, 1)) + 1) from k for 1) FROM i) WHERE position = $1`;

export const postgresTamperer: Tamperer = {
  changeByte: (store, position, field) => bypassingTriggers(store, [FLIP_ONE_LETTER.replaceAll('%COL%', COLUMN[field]), [position]]),
  deleteEvent: (store, position) => bypassingTriggers(store, ['DELETE FROM events WHERE position = $1', [position]]),
  swapPositions: (store, a, b) =>
    bypassingTriggers(
      store,
      ['UPDATE events SET position = -1 WHERE position = $1', [a]],
      ['UPDATE events SET position = $1 WHERE position = $2', [a, b]],
      ['UPDATE events SET position = $1 WHERE position = -1', [b]],
    ),
};

/** Harness for the PostgreSQL adapter on the real server: every store in a schema of its own. */
export function postgresHarness(): ContractHarness {
  const dir = mkdtempSync(join(tmpdir(), 'accord-pg-contract-'));
  const urls = new Map<EventStore, string>();
  const created: string[] = [];
  const open = async (url = freshPgUrl()) => {
    const store = await PostgresEventStore.open(url);
    urls.set(store, url);
    if (!created.includes(url)) created.push(url);
    return store;
  };
  return {
    open: () => open(),
    reopen: async (store) => {
      await store.close();
      return open(urls.get(store));
    },
    tamper: postgresTamperer,
    ...childProcessWriters((store) => urls.get(store)!, dir),
    crash: {
      appendThenKill: (store, killAfterMs) => appendThenKill(urls.get(store)!, killAfterMs),
      // The log's own invariants: the head counter names the last position, and no position is missing.
      checkStorage: async (store) => {
        const { rows } = await pg(store).pool.query<{ head: number; last: number; count: number }>(
          'SELECT (SELECT position FROM event_log_head) AS head, coalesce(max(position), 0) AS last, count(*) AS count FROM events',
        );
        const { head, last, count } = rows[0];
        return head === last && last === count ? 'ok' : `head ${head}, last position ${last}, ${count} events`;
      },
    },
    cleanup: async () => {
      rmSync(dir, { recursive: true, force: true });
      for (const url of created) await dropPgSchema(url);
    },
  };
}
