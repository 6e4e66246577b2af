import type Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { EVENTS_SCHEMA } from '../sqlite/schema';
import type { EventStore } from '../types';
import type { ContractHarness, TamperField, Tamperer } from './contract-harness';

const CHILD = join(__dirname, 'sqlite-append-child.ts');
const REGISTER = resolve(__dirname, '../../../testing/src/swc-register.js');

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

interface Child {
  acknowledged: string[];
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(): void;
  firstAck: Promise<void>;
}

function startChild(args: string[]): Child {
  const child = spawn(process.execPath, ['-r', REGISTER, CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acknowledged: string[] = [];
  const lines: string[] = [];
  let stderr = '';
  let pending = '';
  let onFirstAck!: () => void;
  const firstAck = new Promise<void>((r) => (onFirstAck = r));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const received = (pending + chunk).split('\n');
    pending = received.pop()!;
    for (const line of received) {
      lines.push(line);
      if (line.startsWith('ack ')) acknowledged.push(line.slice(4));
    }
    if (acknowledged.length > 0) onFirstAck();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolveExit) =>
    child.on('close', (code, signal) => resolveExit({ code, signal, stderr })),
  );
  return { acknowledged, lines, exited, kill: () => child.kill('SIGKILL'), firstAck };
}

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
    externalWriters: async (store, writers, eventsEach) => {
      const path = (store as SqliteEventStore).connection.path;
      const children = Array.from({ length: writers }, () => startChild(['count', path, String(eventsEach)]));
      for (const child of children) {
        const { code, stderr } = await child.exited;
        if (code !== 0) throw new Error(`writer exited with ${code}: ${stderr}`);
      }
      return { acknowledged: children.map((c) => c.acknowledged) };
    },
    racingProcesses: async (store, stream, expected, processes) => {
      const path = (store as SqliteEventStore).connection.path;
      const go = join(dir, `go-${++n}`);
      const children = Array.from({ length: processes }, () => startChild(['race', path, stream, String(expected), go]));
      while (!children.every((c) => c.lines.includes('ready'))) {
        const dead = await Promise.race([new Promise((r) => setTimeout(r, 5)), ...children.map((c) => c.exited)]);
        if (dead) throw new Error(`racer died: ${(dead as { stderr: string }).stderr}`);
      }
      writeFileSync(go, '');
      const outcomes: string[] = [];
      for (const child of children) {
        const { code, stderr } = await child.exited;
        if (code !== 0) throw new Error(`racer exited with ${code}: ${stderr}`);
        outcomes.push(...child.lines.filter((line) => line !== 'ready'));
      }
      return outcomes;
    },
    crash: {
      appendThenKill: async (store, killAfterMs) => {
        const child = startChild(['loop', (store as SqliteEventStore).connection.path]);
        await Promise.race([child.firstAck, child.exited.then((e) => Promise.reject(new Error(`writer died: ${e.stderr}`)))]);
        await new Promise((r) => setTimeout(r, killAfterMs));
        child.kill();
        const { signal } = await child.exited;
        if (signal !== 'SIGKILL') throw new Error(`writer was not killed but ended with ${signal}`);
        return child.acknowledged;
      },
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
