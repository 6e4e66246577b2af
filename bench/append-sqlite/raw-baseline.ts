/**
 * The raw better-sqlite3 baseline: the rows Accord writes, precomputed, and plain loops that write
 * and read them with no adapter in between. `rawAppend` is THE baseline of every append ratio (one
 * INSERT statement per row, as an application would naturally write; several rows per statement,
 * as the adapter does, measured no faster: docs/benchmarks.md).
 */
import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { EVENTS_SCHEMA } from '../../libs/event-store/src/sqlite/schema';
import { yieldToEventLoop, type PlannedAppend, type Progress } from '../support/helpers';
import { precomputeAppends } from '../support/precomputed-rows';

/** A row exactly as the adapter inserts it: id, stream, revision, type, data, metadata, hash, previous_hash. */
export type Row = [string, string, number, string, string, string, string, string | null];

const INSERT_PREFIX = 'INSERT INTO events (id, stream, revision, type, data, metadata, hash, previous_hash) VALUES ';
const ROW_PLACEHOLDERS = '(?, ?, ?, ?, ?, ?, ?, ?)';

/** The rows Accord will write for `plan` ({@link precomputeAppends}), as the adapter binds them. */
export function precomputeRows(plan: readonly PlannedAppend[]): Row[][] {
  return precomputeAppends(plan).map(({ rows }) =>
    rows.map((r): Row => [r.id, r.stream, r.revision, r.type, r.dataJson, r.metadataJson, r.hash, r.previousHash]),
  );
}

export function openRaw(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(EVENTS_SCHEMA);
  return db;
}

/** The baseline: `BEGIN IMMEDIATE; INSERT × n (one statement per row); COMMIT` per planned append. */
export async function rawAppend(path: string, batches: readonly Row[][], progress: Progress): Promise<number> {
  const db = openRaw(path);
  try {
    const begin = db.prepare('BEGIN IMMEDIATE');
    const commit = db.prepare('COMMIT');
    const insert = db.prepare(INSERT_PREFIX + ROW_PLACEHOLDERS);
    let done = 0;
    const start = performance.now();
    for (const rows of batches) {
      begin.run();
      for (const r of rows) insert.run(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
      commit.run();
      done += rows.length;
      if (progress.tick(done)) await yieldToEventLoop();
    }
    return performance.now() - start;
  } finally {
    db.close();
  }
}

/** Keeps the parsed values alive so the raw reader's JSON.parse cannot be skipped. */
let sink: unknown;

export async function rawRead(path: string, batchSize: number, progress: Progress): Promise<{ ms: number; events: number }> {
  const db = openRaw(path);
  try {
    // Array rows, as the adapter reads them: the cheapest way better-sqlite3 hands rows to JavaScript.
    const select = db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?').raw(true);
    let events = 0;
    let after = 0;
    const start = performance.now();
    for (;;) {
      const rows = select.all(after, batchSize) as unknown[][];
      if (rows.length === 0) break;
      for (const row of rows) {
        sink = JSON.parse(row[5] as string);
        sink = JSON.parse(row[6] as string);
      }
      events += rows.length;
      after = rows[rows.length - 1][0] as number;
      if (progress.tick(events)) await yieldToEventLoop();
    }
    return { ms: performance.now() - start, events };
  } finally {
    db.close();
  }
}

/** Checks (untimed) that a file holds exactly the precomputed rows, hashes included, in order. */
export function verifyFile(path: string, batches: readonly Row[][], who: string): void {
  const db = new Database(path, { readonly: true });
  try {
    const hashes = db.prepare('SELECT hash FROM events ORDER BY position').pluck().all() as string[];
    const expected = batches.flat();
    if (hashes.length !== expected.length) throw new Error(`${who}: ${hashes.length} events written, ${expected.length} expected`);
    for (let i = 0; i < expected.length; i++) {
      if (hashes[i] !== expected[i][6]) throw new Error(`${who}: event ${i + 1} has hash ${hashes[i]}, expected ${expected[i][6]}`);
    }
  } finally {
    db.close();
  }
}

/** Average payload (data + metadata JSON) and whole-row size, as stored. */
export function sizeNote(batches: readonly Row[][]): string {
  let payload = 0;
  let row = 0;
  let n = 0;
  for (const rows of batches) {
    for (const r of rows) {
      payload += r[4].length + r[5].length;
      row += r[0].length + r[1].length + 8 + r[3].length + r[4].length + r[5].length + r[6].length + (r[7]?.length ?? 0);
      n++;
    }
  }
  return `event: ${Math.round(payload / n)} B of JSON (data + metadata), ${Math.round(row / n)} B per row with id, stream, type and hashes`;
}

/** The SQLite library better-sqlite3 is built with (both Accord and the raw baseline use it). */
export function rawSqliteVersion(): string {
  const db = new Database(':memory:');
  try {
    return db.prepare('SELECT sqlite_version()').pluck().get() as string;
  } finally {
    db.close();
  }
}
