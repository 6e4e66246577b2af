import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { EVENTS_SCHEMA } from '../sqlite/schema';
import type { EventStore } from '../types';
import { appendThenKill, childProcessWriters } from './child-writers';
import type { ContractHarness, TamperField, Tamperer } from './contract-harness';

const COLUMN: Record<TamperField, string> = {
  data: 'data', metadata: 'metadata', type: 'type', id: 'id', hash: 'hash', previousHash: 'previous_hash', stream: 'stream',
};

function dbOf(store: EventStore): Database.Database {
  return (store as SqliteEventStore).connection.db;
}

/** Runs `write` with the immutability triggers dropped, as someone editing the file would. */
function bypassingTriggers(db: Database.Database, write: () => void): void {
  db.exec('DROP TRIGGER events_refuse_update; DROP TRIGGER events_refuse_delete');
  try {
    write();
  } finally {
    db.exec(EVENTS_SCHEMA);
  }
}

/** Moves one lowercase letter at or after the middle of `text` to the next letter. */
function flipOneLetter(text: string): string {
  for (let i = Math.floor(text.length / 2); i < text.length + Math.floor(text.length / 2); i++) {
    const at = i % text.length;
    const c = text[at];
    if (c >= 'a' && c <= 'z') return text.slice(0, at) + (c === 'z' ? 'a' : String.fromCharCode(c.charCodeAt(0) + 1)) + text.slice(at + 1);
  }
  throw new Error(`no letter to change in ${text}`);
}

export const sqliteTamperer: Tamperer = {
  async changeByte(store, position, field) {
    const db = dbOf(store);
    const column = COLUMN[field];
    const { value } = db.prepare(`SELECT ${column} AS value FROM events WHERE position = ?`).get(position) as { value: string };
    bypassingTriggers(db, () => db.prepare(`UPDATE events SET ${column} = ? WHERE position = ?`).run(flipOneLetter(value), position));
  },
  async deleteEvent(store, position) {
    const db = dbOf(store);
    bypassingTriggers(db, () => db.prepare('DELETE FROM events WHERE position = ?').run(position));
  },
  async swapPositions(store, a, b) {
    const db = dbOf(store);
    const move = db.prepare('UPDATE events SET position = ? WHERE position = ?');
    bypassingTriggers(db, () => db.transaction(() => (move.run(-1, a), move.run(a, b), move.run(b, -1)))());
  },
};

/** Harness for the SQLite adapter on files in a temporary directory: every capability is real. */
export function sqliteFileHarness(): ContractHarness {
  const dir = mkdtempSync(join(tmpdir(), 'accord-contract-'));
  let n = 0;
  return {
    open: async () => SqliteEventStore.open({ path: join(dir, `store-${++n}.db`) }),
    reopen: async (store) => {
      const path = (store as SqliteEventStore).connection.path;
      await store.close();
      return SqliteEventStore.open({ path });
    },
    tamper: sqliteTamperer,
    ...childProcessWriters((store) => `sqlite:${(store as SqliteEventStore).connection.path}`, dir),
    crash: {
      appendThenKill: (store, killAfterMs) => appendThenKill(`sqlite:${(store as SqliteEventStore).connection.path}`, killAfterMs),
      checkStorage: async (store) => dbOf(store).pragma('integrity_check', { simple: true }) as string,
    },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Harness for `sqlite::memory:`: nothing outlives the store, so no reopen, writers or crash. */
export function sqliteMemoryHarness(): ContractHarness {
  return {
    open: async () => SqliteEventStore.open({ path: ':memory:' }),
    tamper: sqliteTamperer,
  };
}
