import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { NO_STREAM, SqliteEventStore } from '../libs/event-store/src';
import { makeTempDir, median, planAppends, Progress, removeTempDir, yieldToEventLoop, type PlannedAppend } from './helpers';
import { MULTI_ROWS, precomputeRows, rawAppend, rawMultiRowAppend, rawRead, sizeNote, verifyFile, type Row } from './raw-baseline';

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
  /** Sides measured for information only (not part of the ratio or the target). */
  extra: Array<{ label: string; rounds: number[]; median: number }>;
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

// ------------------------------------------------------------------------------------------
// Accord's timed loops (the raw ones are in raw-baseline.ts). Opening and closing (WAL
// checkpoint) stay outside the timed region.
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

/** Keeps the events alive so reading cannot be optimised away. */
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

// ------------------------------------------------------------------------------------------
// Rounds: the sides alternate (A R, R A, A R…) so drift on the noisy VM hits all alike.
// ------------------------------------------------------------------------------------------

interface Side {
  /** Runs one round; returns milliseconds and events. */
  run(round: number, progress: Progress): Promise<{ ms: number; events: number }>;
}

/** Runs every side once per round, in forward order in even rounds and reversed in odd ones. */
async function alternate(name: string, eventsPerRound: number, sides: Record<string, Side>): Promise<{ rates: Record<string, number[]>; events: number }> {
  const progress = new Progress(name, eventsPerRound);
  const names = Object.keys(sides);
  const rates: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  let events = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of round % 2 === 0 ? names : [...names].reverse()) {
        progress.phase(`${name} round ${round + 1}/${ROUNDS} ${side.padEnd(6)}`, eventsPerRound);
        const result = await sides[side].run(round, progress);
        rates[side].push((result.events / result.ms) * 1000);
        events = result.events;
      }
    }
  } finally {
    progress.clear();
  }
  return { rates, events };
}

function result(
  name: string, events: number, rates: Record<string, number[]>,
  target: string, passes: (accord: number, raw: number, ratio: number) => boolean, notes: string[] = [],
): BenchResult {
  const { accord: accordRounds, raw: rawRounds, ...others } = rates;
  const accord = median(accordRounds);
  const raw = median(rawRounds);
  const ratio = accord / raw;
  const extra = Object.entries(others).map(([label, rounds]) => ({ label, rounds, median: median(rounds) }));
  return { name, events, accordRounds, rawRounds, accord, raw, ratio, target, pass: passes(accord, raw, ratio), notes, extra };
}

/** A side that writes the precomputed rows into a fresh file with a raw writer, then checks it. */
function rawSide(label: string, rows: Row[][], write: typeof rawAppend): Side {
  return {
    async run(_round, progress) {
      const dir = makeTempDir(label);
      try {
        const path = join(dir, 'events.db');
        const ms = await write(path, rows, progress);
        verifyFile(path, rows, label);
        return { ms, events: rows.reduce((n, r) => n + r.length, 0) };
      } finally {
        removeTempDir(dir);
      }
    },
  };
}

/**
 * Writes `plan` with Accord and raw in alternating fresh files; keeps the last Accord file if asked.
 * `multiRow`: also time the informational raw multi-row writer as a third side.
 */
async function appendBench(name: string, plan: PlannedAppend[], options: { multiRow?: boolean; keepLast?: (path: string, dir: string) => void } = {}) {
  const rows = precomputeRows(plan);
  const events = rows.reduce((n, r) => n + r.length, 0);

  // Warm-up (untimed, small, throwaway files): JIT and statement caches for every side.
  const warm = makeTempDir(`${name}-warmup`);
  try {
    const n = Math.max(1, Math.ceil(plan.length / 20));
    const quiet = Progress.silent();
    await accordAppend(join(warm, 'accord.db'), plan.slice(0, n), quiet);
    await rawAppend(join(warm, 'raw.db'), rows.slice(0, n), quiet);
    if (options.multiRow) await rawMultiRowAppend(join(warm, 'raw-multi.db'), rows.slice(0, n), quiet);
  } finally {
    removeTempDir(warm);
  }

  const sides: Record<string, Side> = {
    accord: {
      async run(round, progress) {
        const dir = makeTempDir(`${name}-accord`);
        const path = join(dir, 'events.db');
        let keep = false;
        try {
          const ms = await accordAppend(path, plan, progress);
          verifyFile(path, rows, `Accord ${name}`);
          if (options.keepLast && round === ROUNDS - 1) {
            options.keepLast(path, dir);
            keep = true;
          }
          return { ms, events };
        } finally {
          if (!keep) removeTempDir(dir);
        }
      },
    },
    raw: rawSide(`${name}-raw`, rows, rawAppend),
  };
  const notes = [sizeNote(rows), 'every round\'s file checked afterwards: same rows, same hashes, same order (Accord and raw)'];
  if (options.multiRow) {
    sides['raw multi-row'] = rawSide(`${name}-raw-multi`, rows, rawMultiRowAppend);
    notes.push(`raw (the baseline) uses one INSERT per row; raw multi-row (${MULTI_ROWS} rows per INSERT, as the adapter) is shown for information only`);
  }
  const { rates } = await alternate(name, events, sides);
  return { rates, events, notes };
}

export const appendSqliteBenchmarks: Benchmark[] = [
  {
    name: 'single',
    description: `${SINGLE_APPENDS.toLocaleString('en-US')} single-event appends (one transaction each) over ${STREAMS.toLocaleString('en-US')} streams, WAL, synchronous=FULL`,
    async run() {
      const plan = planAppends(SINGLE_APPENDS, 1, STREAMS, 1);
      const { rates, events, notes } = await appendBench('single', plan);
      return result('single', events, rates, '≥ 0.5× raw', (_a, _r, ratio) => ratio >= 0.5, notes);
    },
  },
  {
    name: 'batch100',
    description: `${BATCH_EVENTS.toLocaleString('en-US')} events in appends of ${BATCH_SIZE} (one transaction each) over ${STREAMS.toLocaleString('en-US')} streams, WAL, synchronous=FULL`,
    async run(context) {
      const plan = planAppends(BATCH_EVENTS / BATCH_SIZE, BATCH_SIZE, STREAMS, 2);
      const { rates, events, notes } = await appendBench('batch100', plan, {
        multiRow: true,
        keepLast: (path, dir) => {
          if (context.written) removeTempDir(context.written.dir);
          context.written = { path, dir, events: BATCH_EVENTS };
        },
      });
      return result('batch100', events, rates, '≥ 0.7× raw and ≥ 50,000 ev/s', (a, _r, ratio) => ratio >= 0.7 && a >= 50_000, notes);
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
      const { rates, events: read } = await alternate('read', events, {
        accord: { run: async (_round, progress) => checked('Accord', await accordRead(path, progress)) },
        raw: { run: async (_round, progress) => checked('raw', await rawRead(path, READ_BATCH, progress)) },
      });
      return result('read', read, rates, '≥ 200,000 ev/s', (a) => a >= 200_000, notes);
    },
  },
];
