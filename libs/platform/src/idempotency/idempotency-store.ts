import type { ReadStore } from '@accord/projections';

/**
 * The keys' table, created at start-up where the read store does not manage its schema (SQLite); on
 * PostgreSQL it comes from migration 0004. It is not a read model: no projection owns it, so a rebuild
 * leaves it alone. Times are epoch milliseconds.
 */
export const IDEMPOTENCY_KEYS_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS idempotency_keys (
    key_hash TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, state TEXT NOT NULL, owner TEXT NOT NULL, response TEXT,
    created_at INTEGER NOT NULL, heartbeat_at INTEGER NOT NULL, completed_at INTEGER)`,
  'CREATE INDEX IF NOT EXISTS idempotency_keys_created ON idempotency_keys (created_at)',
];

/** The owner of a released key: nobody. */
export const RELEASED = '';

/** A key someone holds: `pending` while an attempt executes (its owner beats its heartbeat), `done` with the response. */
export interface HeldKey {
  fingerprint: string;
  state: 'pending' | 'done';
  owner: string;
  /** The sealed response, once done. */
  response: string | null;
  createdAt: number;
  heartbeatAt: number;
}

interface KeyRow {
  fingerprint: string;
  state: 'pending' | 'done';
  owner: string;
  response: string | null;
  created_at: number | string;
  heartbeat_at: number | string;
}

/** The idempotency keys' rows in the read store; every change is one short transaction. */
export class IdempotencyStore {
  constructor(private readonly readStore: ReadStore) {}

  async init(): Promise<void> {
    if (this.readStore.managedSchema) return;
    await this.readStore.transaction(async (tx) => {
      for (const ddl of IDEMPOTENCY_KEYS_SCHEMA) await tx.run(ddl);
    }, 'the idempotency keys table');
  }

  /**
   * Claims the key for `owner` (pending) when no one holds it or its row was created before
   * `expiredBefore`; returns 'claimed', or the row of whoever holds it.
   */
  claim(keyHash: string, fingerprint: string, owner: string, now: number, expiredBefore: number): Promise<'claimed' | HeldKey> {
    return this.readStore.transaction(async (tx) => {
      const { changes } = await tx.run(
        `INSERT INTO idempotency_keys (key_hash, fingerprint, state, owner, response, created_at, heartbeat_at, completed_at)
         VALUES (?, ?, 'pending', ?, NULL, ?, ?, NULL)
         ON CONFLICT (key_hash) DO UPDATE SET fingerprint = excluded.fingerprint, state = 'pending', owner = excluded.owner,
           response = NULL, created_at = excluded.created_at, heartbeat_at = excluded.heartbeat_at, completed_at = NULL
         WHERE idempotency_keys.created_at < ?`,
        [keyHash, fingerprint, owner, now, now, expiredBefore],
      );
      if (changes === 1) return 'claimed';
      const row = await tx.get<KeyRow>('SELECT fingerprint, state, owner, response, created_at, heartbeat_at FROM idempotency_keys WHERE key_hash = ?', [keyHash]);
      if (!row) throw new Error(`idempotency key ${keyHash} neither claimed nor found`);
      return { fingerprint: row.fingerprint, state: row.state, owner: row.owner, response: row.response, createdAt: Number(row.created_at), heartbeatAt: Number(row.heartbeat_at) };
    }, 'claiming an idempotency key');
  }

  /** Takes a pending key over from an owner whose heartbeat stopped before `staleBefore`; true when this owner has it now. */
  async takeOver(keyHash: string, fingerprint: string, owner: string, now: number, staleBefore: number): Promise<boolean> {
    const { changes } = await this.readStore.transaction(
      (tx) =>
        tx.run("UPDATE idempotency_keys SET owner = ?, heartbeat_at = ? WHERE key_hash = ? AND fingerprint = ? AND state = 'pending' AND heartbeat_at < ?", [
          owner,
          now,
          keyHash,
          fingerprint,
          staleBefore,
        ]),
      'taking over an idempotency key',
    );
    return changes === 1;
  }

  /** Stores the final response; false when the key is no longer this owner's (another took it over). */
  async complete(keyHash: string, owner: string, response: string, now: number): Promise<boolean> {
    const { changes } = await this.readStore.transaction(
      (tx) =>
        tx.run("UPDATE idempotency_keys SET state = 'done', response = ?, completed_at = ?, heartbeat_at = ? WHERE key_hash = ? AND owner = ? AND state = 'pending'", [
          response,
          now,
          now,
          keyHash,
          owner,
        ]),
      'storing an idempotent response',
    );
    return changes === 1;
  }

  /**
   * Gives a pending key up: no owner, and a heartbeat long stale, so the next attempt of the same request
   * takes it over at once. The row stays, bound to its request and claim time, so that attempt derives
   * the same ids and recognises whatever this one recorded before it failed.
   */
  async release(keyHash: string, owner: string): Promise<void> {
    await this.readStore.transaction(
      (tx) => tx.run("UPDATE idempotency_keys SET owner = ?, heartbeat_at = 0 WHERE key_hash = ? AND owner = ? AND state = 'pending'", [RELEASED, keyHash, owner]),
      'releasing an idempotency key',
    );
  }

  /** Tells other instances that these pending keys are still executing here. */
  async heartbeat(keyHashes: readonly string[], owner: string, now: number): Promise<void> {
    if (keyHashes.length === 0) return;
    await this.readStore.transaction(async (tx) => {
      for (const keyHash of keyHashes) {
        await tx.run("UPDATE idempotency_keys SET heartbeat_at = ? WHERE key_hash = ? AND owner = ? AND state = 'pending'", [now, keyHash, owner]);
      }
    }, 'beating idempotency keys');
  }

  /** Deletes the rows created before `expiredBefore`; returns how many. */
  async purge(expiredBefore: number): Promise<number> {
    const { changes } = await this.readStore.transaction(
      (tx) => tx.run('DELETE FROM idempotency_keys WHERE created_at < ?', [expiredBefore]),
      'purging expired idempotency keys',
    );
    return changes;
  }
}
