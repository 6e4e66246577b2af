import Database from 'better-sqlite3';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { eventHash, NO_STREAM, prepareAppend, SqliteEventStore, type ExpectedRevision } from '../libs/event-store/src';
import { EVENTS_SCHEMA } from '../libs/event-store/src/sqlite/schema';
import { makeTempDir, median, planAppends, Progress, removeTempDir, yieldToEventLoop, type PlannedAppend } from './helpers';

// Sizes chosen to keep the whole run under ~2 minutes on a 2-core VM (FULL fsyncs: a few k/s).
const STREAMS = 5_000;
const ROUNDS = 3;
const SINGLE_APPENDS = 3_000;
const BATCH_SIZE = 100;
const BATCH_EVENTS = 200_000;
const READ_BATCH = 1_000;

export interface BenchResult {
  name: string;
  /** Events per round (per side). */
  events: number;
  accordRounds: number[];
  rawRounds: number[];
  /** Medians, events/s. */
  accord: number;
  raw: number;
  ratio: number;
  target: string;
  pass: boolean;
  notes: string[];
}

/** State shared between benchmarks of one run: the store `read` reads, if `batch100` left one. */
export interface BenchContext {
  written?: { path: string; events: number; dir: string };
}

export interface Benchmark {
  name: string;
  description: string;
  run(context: BenchContext): Promise<BenchResult>;
}

/** A row exactly as the adapter inserts it: id, stream, revision, type, data, metadata, hash, previous_hash. */
type Row = [string, string, number, string, string, string, string, string | null];

const INSERT_SQL = 'INSERT INTO events (id, stream, revision, type, data, metadata, hash, previous_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';

/** The rows Accord will write for `plan`, computed with the adapter's own canonicalisation and hashing. */
function precomputeRows(plan: readonly PlannedAppend[]): Row[][] {
  const tips = new Map<string, { revision: number; hash: string }>();
  return plan.map(({ stream, events }) => {
    const tip = tips.get(stream);
    const expected: ExpectedRevision = tip ? tip.revision : NO_STREAM;
    let revision = tip ? tip.revision : -1;
    let previousHash = tip ? tip.hash : null;
    const rows = prepareAppend(stream, events, expected).map((e): Row => {
      revision++;
      const hash = eventHash(previousHash, { id: e.id, type: e.type, stream, revision, dataJson: e.dataJson, metadataJson: e.metadataJson });
      const row: Row = [e.id, stream, revision, e.type, e.dataJson, e.metadataJson, hash, previousHash];
      previousHash = hash;
      return row;
    });
    tips.set(stream, { revision, hash: previousHash! });
    return rows;
  });
}

function openRaw(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(EVENTS_SCHEMA);
  return db;
}

// ------------------------------------------------------------------------------------------
// The four timed loops. Opening and closing (WAL checkpoint) stay outside the timed region.
// ------------------------------------------------------------------------------------------

/** Accord: one `append` per planned append, expected revision tracked from the results. */
async function accordAppend(path: string, plan: readonly PlannedAppend[], progress: Progress): Promise<number> {
  const store = SqliteEventStore.open({ path, synchronous: 'FULL' });
  try {
    const revisions = new Map<string, number>();
    let done = 0;
    const start = performance.now();
    for (const { stream, events } of plan) {
      const result = await store.append(stream, events, { expectedRevision: revisions.get(stream) ?? NO_STREAM });
      revisions.set(stream, result.nextExpectedRevision);
      done += events.length;
      if (progress.tick(done)) await yieldToEventLoop();
    }
    return performance.now() - start;
  } finally {
    await store.close();
  }
}

/** Raw better-sqlite3: `BEGIN IMMEDIATE; INSERT × n; COMMIT` per planned append, rows precomputed. */
async function rawAppend(path: string, batches: readonly Row[][], progress: Progress): Promise<number> {
  const db = openRaw(path);
  try {
    const begin = db.prepare('BEGIN IMMEDIATE');
    const commit = db.prepare('COMMIT');
    const insert = db.prepare(INSERT_SQL);
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

async function accordRead(path: string, progress: Progress): Promise<{ ms: number; events: number }> {
  const store = SqliteEventStore.open({ path, synchronous: 'FULL' });
  try {
    let events = 0;
    const start = performance.now();
    for await (const event of store.readAll({ batchSize: READ_BATCH })) {
      sink = event;
      if ((++events & 1023) === 0 && progress.tick(events)) await yieldToEventLoop();
    }
    return { ms: performance.now() - start, events };
  } finally {
    await store.close();
  }
}

async function rawRead(path: string, progress: Progress): Promise<{ ms: number; events: number }> {
  const db = openRaw(path);
  try {
    // Array rows, as the adapter reads them: the cheapest way better-sqlite3 hands rows to JavaScript.
    const select = db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?').raw(true);
    let events = 0;
    let after = 0;
    const start = performance.now();
    for (;;) {
      const rows = select.all(after, READ_BATCH) as unknown[][];
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
function verifyFile(path: string, batches: readonly Row[][], who: string): void {
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

// ------------------------------------------------------------------------------------------
// Rounds: Accord and raw alternate (A R, R A, A R…) so drift on the noisy VM hits both alike.
// ------------------------------------------------------------------------------------------

interface Side {
  /** Runs one round; returns milliseconds and events. */
  run(round: number, progress: Progress): Promise<{ ms: number; events: number }>;
}

async function alternate(name: string, eventsPerRound: number, accord: Side, raw: Side): Promise<{ accord: number[]; raw: number[]; events: number }> {
  const progress = new Progress(name, eventsPerRound);
  const rates = { accord: [] as number[], raw: [] as number[] };
  let events = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['accord', 'raw'] as const) : (['raw', 'accord'] as const);
      for (const side of order) {
        progress.phase(`${name} round ${round + 1}/${ROUNDS} ${side.padEnd(6)}`, eventsPerRound);
        const result = await (side === 'accord' ? accord : raw).run(round, progress);
        rates[side].push((result.events / result.ms) * 1000);
        events = result.events;
      }
    }
  } finally {
    progress.clear();
  }
  return { ...rates, events };
}

function result(
  name: string, events: number, rounds: { accord: number[]; raw: number[] },
  target: string, passes: (accord: number, raw: number, ratio: number) => boolean, notes: string[] = [],
): BenchResult {
  const accord = median(rounds.accord);
  const raw = median(rounds.raw);
  const ratio = accord / raw;
  return { name, events, accordRounds: rounds.accord, rawRounds: rounds.raw, accord, raw, ratio, target, pass: passes(accord, raw, ratio), notes };
}

/** Writes `plan` with Accord and raw in alternating fresh files; keeps the last Accord file if asked. */
async function appendBench(name: string, plan: PlannedAppend[], keepLast?: (path: string, dir: string) => void) {
  const rows = precomputeRows(plan);
  const events = rows.reduce((n, r) => n + r.length, 0);

  // Warm-up (untimed, small, throwaway files): JIT and statement caches for both sides.
  const warm = makeTempDir(`${name}-warmup`);
  try {
    const n = Math.max(1, Math.ceil(plan.length / 20));
    const quiet = Progress.silent();
    await accordAppend(join(warm, 'accord.db'), plan.slice(0, n), quiet);
    await rawAppend(join(warm, 'raw.db'), rows.slice(0, n), quiet);
  } finally {
    removeTempDir(warm);
  }

  const rounds = await alternate(name, events, {
    async run(round, progress) {
      const dir = makeTempDir(`${name}-accord`);
      const path = join(dir, 'events.db');
      let keep = false;
      try {
        const ms = await accordAppend(path, plan, progress);
        verifyFile(path, rows, `Accord ${name}`);
        if (keepLast && round === ROUNDS - 1) {
          keepLast(path, dir);
          keep = true;
        }
        return { ms, events };
      } finally {
        if (!keep) removeTempDir(dir);
      }
    },
  }, {
    async run(_round, progress) {
      const dir = makeTempDir(`${name}-raw`);
      try {
        const path = join(dir, 'events.db');
        const ms = await rawAppend(path, rows, progress);
        verifyFile(path, rows, `raw ${name}`);
        return { ms, events };
      } finally {
        removeTempDir(dir);
      }
    },
  });
  return { rounds, events, notes: [sizeNote(rows), 'every round\'s file checked afterwards: same rows, same hashes, same order (Accord and raw)'] };
}

/** Average payload (data + metadata JSON) and whole-row size, as stored. */
function sizeNote(batches: readonly Row[][]): string {
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

export const appendSqliteBenchmarks: Benchmark[] = [
  {
    name: 'single',
    description: `${SINGLE_APPENDS.toLocaleString('en-US')} single-event appends (one transaction each) over ${STREAMS.toLocaleString('en-US')} streams, WAL, synchronous=FULL`,
    async run() {
      const plan = planAppends(SINGLE_APPENDS, 1, STREAMS, 1);
      const { rounds, events, notes } = await appendBench('single', plan);
      return result('single', events, rounds, '≥ 0.5× raw', (_a, _r, ratio) => ratio >= 0.5, notes);
    },
  },
  {
    name: 'batch100',
    description: `${BATCH_EVENTS.toLocaleString('en-US')} events in appends of ${BATCH_SIZE} (one transaction each) over ${STREAMS.toLocaleString('en-US')} streams, WAL, synchronous=FULL`,
    async run(context) {
      const plan = planAppends(BATCH_EVENTS / BATCH_SIZE, BATCH_SIZE, STREAMS, 2);
      const { rounds, events, notes } = await appendBench('batch100', plan, (path, dir) => {
        if (context.written) removeTempDir(context.written.dir);
        context.written = { path, dir, events: BATCH_EVENTS };
      });
      return result('batch100', events, rounds, '≥ 0.7× raw and ≥ 50,000 ev/s', (a, _r, ratio) => ratio >= 0.7 && a >= 50_000, notes);
    },
  },
  {
    name: 'read',
    description: `readAll of the store batch100 wrote (batches of ${READ_BATCH}); raw: SELECT … LIMIT ${READ_BATCH} + JSON.parse of data and metadata`,
    async run(context) {
      const notes: string[] = [];
      if (!context.written) {
        // Run alone: write the same 200k events untimed (raw inserts of the adapter's exact rows).
        const dir = makeTempDir('read-setup');
        const path = join(dir, 'events.db');
        const rows = precomputeRows(planAppends(BATCH_EVENTS / BATCH_SIZE, BATCH_SIZE, STREAMS, 2));
        const setup = new Progress('read setup (untimed write)', BATCH_EVENTS);
        try {
          await rawAppend(path, rows, setup);
        } finally {
          setup.clear();
        }
        context.written = { path, dir, events: BATCH_EVENTS };
        notes.push('store written untimed by the raw writer with the adapter\'s exact rows (batch100 not run)');
      }
      const { path, events } = context.written;
      notes.push('both readers read the same file, so layout and page cache are identical');
      const checked = (side: string, r: { ms: number; events: number }) => {
        if (r.events !== events) throw new Error(`${side} read ${r.events} events, ${events} written`);
        return r;
      };
      const rounds = await alternate('read', events, {
        run: async (_round, progress) => checked('Accord', await accordRead(path, progress)),
      }, {
        run: async (_round, progress) => checked('raw', await rawRead(path, progress)),
      });
      return result('read', rounds.events, rounds, '≥ 200,000 ev/s', (a) => a >= 200_000, notes);
    },
  },
];
