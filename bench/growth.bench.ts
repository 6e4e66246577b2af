import { performance } from 'node:perf_hooks';
import { SqliteEventStore } from '../libs/event-store/src';
import type { BenchServer } from './support/bench-server';
import { fmt, fmtValue, type Benchmark, type BenchContext, type Check } from './support/framework';
import { removeTempDir } from './support/helpers';
import { makeSqliteWorld, sharedSqliteWorld, type SqliteWorld } from './support/world-stores';
import { interleaved, latenciesOf, type Latencies } from './growth/interleave';
import { conflictDebtProbe, raiseDisagreementProbe, storeAppendProbe } from './growth/probes';
import { startQuietServer } from './support/server-ready';

const LARGE_EVENTS = 1_000_000;
const SMALL_EVENTS = 10_000;
const SMOKE = { small: 1_000, large: 5_000, quarters: 3 };
const TARGET_RATIO = 1.5;

/** Set GROWTH_CPU_PROF=<dir> to run both servers under `--cpu-prof` (profiles written there at stop). */
const CPU_PROF_DIR = process.env.GROWTH_CPU_PROF;

export const growth: Benchmark = {
  name: 'growth',
  description:
    'append p50 (raiseDisagreement end to end, and SqliteEventStore.append of one event; synchronous=FULL) and conflictDebt p99 over HTTP, ' +
    'on SQLite stores of 10,000 vs 1,000,000 events with firms of the same history, measured interleaved',
  expected: '~1.5 min when `rebuild` made the 1M store in the same run (+ ~2 min to make it when run alone)',
  run: async (ctx) => {
    const { small, large, removeSmall } = await worlds(ctx);
    const started = performance.now();
    const sizes = { conflictDebt: ctx.pick(3_000, 60), raise: ctx.pick(600, 20), append: ctx.pick(2_000, 50), warmup: ctx.pick(100, 10) };
    try {
      const http = await measureOverHttp(small, large, sizes);
      const store = await measureStoreAppends(small, large, sizes);
      const rows = (r: number[]) => fmt(r.reduce((a, b) => a + b, 0) / r.length, 1);
      const figures = [
        `stores (SQLite, read models projected, servers and appends at synchronous=FULL):`,
        `  small ${describe(small)}`,
        `  large ${describe(large)}`,
        `  servers ready (started in parallel): small ${fmt(http.readySeconds.small, 1)} s, large ${fmt(http.readySeconds.large, 1)} s`,
        `latency in ms, one request at a time, small and large alternating request by request:`,
        `  ${'operation'.padEnd(38)} ${'small p50 / p90 / p99'.padEnd(24)} ${'large p50 / p90 / p99'.padEnd(24)} large/small p50, p99`,
        row(`conflictDebt (${fmt(sizes.conflictDebt)} per size)`, http.conflictDebt.small, http.conflictDebt.large),
        row(`raiseDisagreement (${fmt(sizes.raise)} per size)`, http.raise.small, http.raise.large),
        row(`store append, 1 event (${fmt(sizes.append)} per size)`, store.small, store.large),
        `  conflictDebt answered ${rows(http.debtRows.small)} (small) vs ${rows(http.debtRows.large)} (large) disagreements per firm on average`,
        `measuring (servers started, all samples): ${fmt((performance.now() - started) / 1000, 1)} s`,
      ];
      const checks: Check[] = [
        ratioCheck('conflictDebt p99 large / small', http.conflictDebt.large.p99, http.conflictDebt.small.p99),
        ratioCheck('raiseDisagreement p50 large / small', http.raise.large.p50, http.raise.small.p50),
        ratioCheck('store append p50 large / small', store.large.p50, store.small.p50),
      ];
      const notes = [
        'append: the target applies to both; raiseDisagreement is what a user waits for (decide, append with fsync, project, read back), the store append is the part of it that could grow with the log (the stream-tip lookup and the index inserts).',
        'conflictDebt reads a random firm of the whole store each time, so the large store is read all over, not one hot firm.',
      ];
      return { figures, checks, notes };
    } finally {
      removeSmall();
    }
  },
};

/** Worlds this benchmark made itself (not handed over by `rebuild`): their making time is printed. */
const madeHere = new WeakSet<SqliteWorld>();

async function worlds(ctx: BenchContext): Promise<{ small: SqliteWorld; large: SqliteWorld; removeSmall: () => void }> {
  if (ctx.size === 'smoke') {
    const large = await makeSqliteWorld(SMOKE.large, 'growth-large', { quarters: SMOKE.quarters, projected: true });
    const small = await makeSqliteWorld(SMOKE.small, 'growth-small', { quarters: SMOKE.quarters, projected: true });
    madeHere.add(small).add(large);
    return { small, large, removeSmall: () => [small.dir, large.dir].forEach(removeTempDir) };
  }
  // The 1M store `rebuild` made earlier in the run (or made here when run alone); growth runs last, so it may append to it.
  const started = performance.now();
  const large = await sharedSqliteWorld(ctx, LARGE_EVENTS);
  if (performance.now() - started > 1_000) madeHere.add(large);
  const small = await makeSqliteWorld(SMALL_EVENTS, 'growth-small', { quarters: large.firms[0].checkIds.length, projected: true });
  madeHere.add(small);
  return { small, large, removeSmall: () => removeTempDir(small.dir) };
}

interface Sizes {
  conflictDebt: number;
  raise: number;
  append: number;
  warmup: number;
}

async function measureOverHttp(small: SqliteWorld, large: SqliteWorld, sizes: Sizes) {
  const servers: BenchServer[] = [];
  try {
    const started = performance.now();
    const readySeconds = { small: 0, large: 0 };
    const ready = (side: 'small' | 'large') => (server: BenchServer) => {
      servers.push(server);
      readySeconds[side] = (performance.now() - started) / 1000;
      return server;
    };
    const [smallServer, largeServer] = await Promise.all([serve(small).then(ready('small')), serve(large).then(ready('large'))]);
    const debtSmall = conflictDebtProbe(smallServer.httpUrl, small.firms, 11);
    const debtLarge = conflictDebtProbe(largeServer.httpUrl, large.firms, 11);
    const debt = await interleaved('conflictDebt', debtSmall, debtLarge, { samples: sizes.conflictDebt, warmup: sizes.warmup });
    const raise = await interleaved(
      'raiseDisagreement',
      raiseDisagreementProbe(smallServer.httpUrl, small.firms, 12),
      raiseDisagreementProbe(largeServer.httpUrl, large.firms, 12),
      { samples: sizes.raise, warmup: sizes.warmup / 2 },
    );
    return {
      conflictDebt: { small: latenciesOf(debt.small), large: latenciesOf(debt.large) },
      raise: { small: latenciesOf(raise.small), large: latenciesOf(raise.large) },
      debtRows: { small: debtSmall.rows, large: debtLarge.rows },
      readySeconds,
    };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

function serve(world: SqliteWorld): Promise<BenchServer> {
  const execArgv = CPU_PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF_DIR] : [];
  return startQuietServer({ ACCORD_EVENT_STORE: `sqlite:${world.path}`, ACCORD_SQLITE_SYNCHRONOUS: 'FULL' }, { timeoutMs: 180_000, execArgv });
}

/** The store's own append, with the servers stopped (this process is the only writer), as the server opens it: synchronous=FULL. */
async function measureStoreAppends(small: SqliteWorld, large: SqliteWorld, sizes: Sizes): Promise<{ small: Latencies; large: Latencies }> {
  const smallStore = SqliteEventStore.open({ path: small.path, synchronous: 'FULL' });
  const largeStore = SqliteEventStore.open({ path: large.path, synchronous: 'FULL' });
  try {
    const times = await interleaved('store append', storeAppendProbe(smallStore, small.firms, 13), storeAppendProbe(largeStore, large.firms, 13), {
      samples: sizes.append,
      warmup: sizes.warmup,
    });
    return { small: latenciesOf(times.small), large: latenciesOf(times.large) };
  } finally {
    await Promise.all([smallStore.close(), largeStore.close()]);
  }
}

function describe(world: SqliteWorld): string {
  const shape = `${fmt(world.events)} events, ${fmt(world.firms.length)} firms × ${world.firms[0].checkIds.length} quarters`;
  const making = madeHere.has(world) ? `made here: ${fmt(world.seedSeconds, 1)} s seeding, ${fmt(world.projectSeconds, 1)} s projecting` : 'made by an earlier benchmark of this run';
  return `${shape} (${making})`;
}

function row(what: string, small: Latencies, large: Latencies): string {
  const triple = (l: Latencies) => `${fmtMs(l.p50)} / ${fmtMs(l.p90)} / ${fmtMs(l.p99)}`;
  return `  ${what.padEnd(38)} ${triple(small).padEnd(24)} ${triple(large).padEnd(24)} ${fmtValue(large.p50 / small.p50, '×')}, ${fmtValue(large.p99 / small.p99, '×')}`;
}

function fmtMs(ms: number): string {
  return fmt(ms, ms < 10 ? 2 : 1);
}

function ratioCheck(what: string, large: number, small: number): Check {
  return { what, measured: large / small, direction: 'max', target: TARGET_RATIO, unit: '×' };
}
