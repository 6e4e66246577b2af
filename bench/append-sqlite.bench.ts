/**
 * `append-sqlite`: single-event appends (one transaction each) and batches of 100 over 5,000
 * streams, WAL + synchronous=FULL, against raw better-sqlite3 inserts of the same rows (the limit)
 * and the SQLite event store of @event-driven-io/emmett-sqlite (the peer), alternated round by
 * round. Then, for information, `readAll` of the last Accord batch100 file against a raw reader.
 */
import { join } from 'node:path';
import { fmt, type BenchContext, type BenchReport, type Benchmark, type Check } from './support/framework';
import { makeTempDir, planAppends, Progress, removeTempDir, type PlannedAppend } from './support/helpers';
import { accordAppend, accordRead } from './append-sqlite/accord-side';
import { peerAppend, synchronousName, verifyPeerFile, type PeerDurability } from './append-sqlite/emmett-peer';
import { precomputeRows, rawAppend, rawRead, rawSqliteVersion, sizeNote, verifyFile, type Row } from './append-sqlite/raw-baseline';
import { alternate, sideLines, type Side, type SideResult } from './append-sqlite/rounds';

const STREAMS = 5_000;
const READ_BATCH = 1_000;
const PEER = 'emmett-sqlite';

/** Appends per round of each side. The peer makes ~600–850 single appends/s, so it gets fewer. */
interface AppendSizes {
  perAppend: number;
  appends: number;
  peerAppends: number;
}

interface AppendRowResult {
  results: Map<string, SideResult>;
  rows: Row[][];
  peerDurability?: PeerDurability;
}

function eventsOf(plan: readonly PlannedAppend[]): number {
  return plan.reduce((n, p) => n + p.events.length, 0);
}

/** A side that writes into a fresh directory per round, then checks the file (untimed). */
function freshFileSide(label: string, eventsPerRound: number, write: (path: string, progress: Progress) => Promise<number>, check: (path: string) => void, options: { info?: boolean; keep?: (round: number, path: string, dir: string) => boolean } = {}): Side {
  return {
    label,
    eventsPerRound,
    info: options.info,
    async run(round, progress) {
      const dir = makeTempDir(label.replace(/\W+/g, '-'));
      const path = join(dir, 'events.db');
      let kept = false;
      try {
        const ms = await write(path, progress);
        check(path);
        kept = options.keep?.(round, path, dir) ?? false;
        return ms;
      } finally {
        if (!kept) removeTempDir(dir);
      }
    },
  };
}

function assertPeerDurability(durability: PeerDurability, who: string): PeerDurability {
  if (durability.journalMode !== 'wal' || durability.synchronous !== 2) {
    throw new Error(`${who} ran with journal_mode=${durability.journalMode}, synchronous=${synchronousName(durability.synchronous)}: not the durability of the other sides (WAL, FULL)`);
  }
  return durability;
}

/** Untimed, small, throwaway files: JIT, statement caches and the peer's module loading for every side. */
async function warmUp(name: string, plan: PlannedAppend[], rows: Row[][]): Promise<void> {
  const dir = makeTempDir(`${name}-warmup`);
  try {
    const n = Math.max(1, Math.ceil(plan.length / 20));
    const quiet = Progress.silent();
    await accordAppend(join(dir, 'accord.db'), plan.slice(0, n), quiet);
    await rawAppend(join(dir, 'raw.db'), rows.slice(0, n), quiet);
    await peerAppend(join(dir, 'peer.db'), plan.slice(0, Math.min(n, 20)), quiet);
  } finally {
    removeTempDir(dir);
  }
}

async function appendRow(name: string, sizes: AppendSizes, rounds: number, seed: number, keepLastAccord?: (path: string, dir: string) => void): Promise<AppendRowResult> {
  const plan = planAppends(sizes.appends, sizes.perAppend, STREAMS, seed);
  const rows = precomputeRows(plan);
  const events = eventsOf(plan);
  await warmUp(name, plan, rows);

  const result: AppendRowResult = { results: new Map(), rows };
  const peerPlan = plan.slice(0, sizes.peerAppends);

  const sides: Side[] = [
    freshFileSide('Accord', events, (path, progress) => accordAppend(path, plan, progress), (path) => verifyFile(path, rows, `Accord ${name}`), {
      keep: (round, path, dir) => {
        if (!keepLastAccord || round !== rounds - 1) return false;
        keepLastAccord(path, dir);
        return true;
      },
    }),
    freshFileSide('raw', events, (path, progress) => rawAppend(path, rows, progress), (path) => verifyFile(path, rows, `raw ${name}`)),
    freshFileSide(PEER, eventsOf(peerPlan), async (path, progress) => {
      const { ms, durability } = await peerAppend(path, peerPlan, progress);
      result.peerDurability = assertPeerDurability(durability, PEER);
      return ms;
    }, (path) => verifyPeerFile(path, peerPlan, `${PEER} ${name}`)),
  ];

  result.results = await alternate(name, rounds, sides);
  return result;
}

function ratio(results: Map<string, SideResult>, over: string): number {
  return results.get('Accord')!.median / results.get(over)!.median;
}

function appendFigures(name: string, what: string, row: AppendRowResult): string[] {
  return [
    `${name}: ${what}`,
    ...sideLines(row.results).map((line) => `  ${line}`),
    `  Accord / raw ${fmt(ratio(row.results, 'raw'), 2)} ×   Accord / ${PEER} ${fmt(ratio(row.results, PEER), 2)} ×`,
  ];
}

function durabilityNote(d: PeerDurability | undefined, how: string): string {
  return d ? `journal_mode=${d.journalMode}, synchronous=${synchronousName(d.synchronous)} (${how}), SQLite ${d.sqliteVersion} (sqlite3 package)` : 'not measured';
}

async function readRow(path: string, events: number, rounds: number): Promise<{ results: Map<string, SideResult> }> {
  const checked = (who: string, read: { ms: number; events: number }) => {
    if (read.events !== events) throw new Error(`${who} read ${read.events} events, ${events} written`);
    return read.ms;
  };
  const results = await alternate('read', rounds, [
    { label: 'Accord', eventsPerRound: events, info: true, run: async (_round, progress) => checked('Accord', await accordRead(path, READ_BATCH, progress)) },
    { label: 'raw', eventsPerRound: events, info: true, run: async (_round, progress) => checked('raw', await rawRead(path, READ_BATCH, progress)) },
  ]);
  return { results };
}

async function run(ctx: BenchContext): Promise<BenchReport> {
  const rounds = ctx.pick(5, 2);
  const single = await appendRow('single', { perAppend: 1, appends: ctx.pick(3_000, 100), peerAppends: ctx.pick(1_000, 30) }, rounds, 1);

  let kept: { path: string; dir: string } | undefined;
  let batch: AppendRowResult;
  try {
    batch = await appendRow('batch100', { perAppend: 100, appends: ctx.pick(1_000, 10), peerAppends: ctx.pick(200, 3) }, rounds, 2, (path, dir) => (kept = { path, dir }));
  } catch (error) {
    if (kept) removeTempDir(kept.dir);
    throw error;
  }

  let read: { results: Map<string, SideResult> };
  const readEvents = batch.rows.reduce((n, r) => n + r.length, 0);
  try {
    read = await readRow(kept!.path, readEvents, ctx.pick(3, 1));
  } finally {
    removeTempDir(kept!.dir);
  }

  const figures = [
    ...appendFigures('single', `1 event per append, one transaction each, streams drawn (seeded) from ${fmt(STREAMS)}`, single),
    ...appendFigures('batch100', `100 events per append, one transaction each, same streams`, batch),
    `read (information only, no target): readAll (batches of ${fmt(READ_BATCH)}) of the last Accord batch100 file; raw: SELECT … LIMIT ${fmt(READ_BATCH)} + JSON.parse of data and metadata`,
    ...sideLines(read.results).map((line) => `  ${line}`),
    `  Accord / raw ${fmt(ratio(read.results, 'raw'), 2)} ×`,
  ];
  const checks: Check[] = [
    { what: `single Accord / ${PEER}`, measured: ratio(single.results, PEER), direction: 'min', target: 1, unit: '×' },
    { what: `batch100 Accord / ${PEER}`, measured: ratio(batch.results, PEER), direction: 'min', target: 1, unit: '×' },
    { what: 'single Accord / raw', measured: ratio(single.results, 'raw'), direction: 'min', target: 0.5, unit: '×' },
    { what: 'batch100 Accord / raw', measured: ratio(batch.results, 'raw'), direction: 'min', target: 0.7, unit: '×' },
  ];
  const notes = [
    `${rounds} rounds; in each, every side writes a fresh file, in alternating order; medians of the rounds`,
    `Accord and raw: better-sqlite3, SQLite ${rawSqliteVersion()}, journal_mode=WAL, synchronous=FULL, the same precomputed rows (ids, hashes); ${sizeNote(batch.rows)}`,
    'every round\'s file is checked afterwards: Accord and raw hold the same rows, hashes and order; the peer holds the planned streams, positions, types and data in order',
    'raw (the baseline) runs BEGIN IMMEDIATE, one prepared INSERT per row, COMMIT; Accord inserts up to 25 rows per statement',
    `${PEER} 0.42.4 (getSQLiteEventStore + appendToStream with the expected stream version): the same events (type, data, metadata) and streams as the first appends of Accord's plan; one connection (connectionOptions singleton): ${durabilityNote(single.peerDurability ?? batch.peerDurability, 'WAL set by the peer, FULL set by us')}; it adds its own UUIDv4 message id, stream name and position to the metadata; it gets fewer events per round (it is slower), so its files stay smaller than the others'`,
    `${PEER} runs with one connection because its default for a file (a new connection per appendToStream) is ~4× slower still and races its own WAL pragma against the append's transaction (a crash, see docs/benchmarks.md)`,
  ];
  return { figures, checks, notes };
}

export const appendSqlite: Benchmark = {
  name: 'append-sqlite',
  description: 'single-event and batch-of-100 appends over 5,000 streams (WAL, synchronous=FULL) vs raw better-sqlite3 inserts of the same rows and @event-driven-io/emmett-sqlite; readAll vs a raw reader (info)',
  expected: '~60 s',
  run,
};
