import { dropPgSchema, freshPgUrl } from '../libs/event-store/src/testing/test-databases';
import type { BenchContext, BenchReport, Benchmark, Check } from './support/framework';
import { fmt, fmtValue } from './support/framework';
import { Progress } from './support/helpers';
import { markSqliteWorldProjected, sharedSqliteWorld } from './support/world-stores';
import { runAccord, runReadLog, type ChildRun } from './rebuild/child';
import { copyLogToPostgres } from './rebuild/copy-log';

const TARGET_SQLITE = 50_000;
const TARGET_POSTGRES = 20_000;
const TARGET_RSS_MB = 400;

interface Side {
  store: string;
  events: number;
  /** The rebuild's own timing (`accord rebuild` prints events and seconds of the replay). */
  seconds: number;
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  /** Reading the log alone, before and after the rebuild. */
  baselines: Array<{ events: number; seconds: number; peakRssMb: number }>;
}

/**
 * `accord rebuild` (all projections, from position 0) in a child process, as the user runs it, over
 * the shared world of ~1,000,000 events on SQLite (events and read models in one file), then over the
 * same log copied into PostgreSQL (event store and read store in PostgreSQL, fresh schemas). The
 * baseline, in the same run and alternated with the rebuild, is a child process that reads the same
 * log with `readAll` and nothing else: no rebuild can go faster than reading its input.
 */
export const rebuild: Benchmark = {
  name: 'rebuild',
  description: '`accord rebuild` of every read model from ~1M events (SQLite, then PostgreSQL) vs reading the log alone',
  expected: '~5 min (SQLite world seeding and the PostgreSQL copy included)',
  async run(ctx: BenchContext): Promise<BenchReport> {
    const target = ctx.pick(1_000_000, 5_000);
    // Unprojected when this benchmark makes it: the SQLite rebuild measured below is its first projection.
    const world = await sharedSqliteWorld(ctx, target, { projected: false });
    const notes = [
      `world: ${fmt(world.events)} events of ${fmt(world.firms.length)} firms (seeding ${fmt(world.seedSeconds, 1)} s; ${world.projected ? 'projected before' : 'its read models made by the SQLite rebuild below'}; shared with growth, rebuilt in place)`,
    ];

    const bracket = ctx.size === 'full'; // at smoke size one read-only run, to save the child processes' start-up
    const sqlite = await measure('SQLite', { ACCORD_EVENT_STORE: `sqlite:${world.path}` }, bracket);
    await markSqliteWorldProjected(world);

    const eventStore = freshPgUrl('bench_rebuild_events');
    const readStore = freshPgUrl('bench_rebuild_read');
    ctx.onCleanup(() => dropPgSchema(eventStore));
    ctx.onCleanup(() => dropPgSchema(readStore));
    const copying = new Progress('copying the log into PostgreSQL', world.events);
    const copyStarted = Date.now();
    try {
      await copyLogToPostgres(world.path, eventStore, copying);
    } finally {
      copying.clear();
    }
    notes.push(`PostgreSQL log: the SQLite log's rows copied with their ids and hashes (${fmt((Date.now() - copyStarted) / 1000, 1)} s)`);
    const postgres = await measure('PostgreSQL', { ACCORD_EVENT_STORE: eventStore, ACCORD_READ_STORE: readStore }, bracket);

    const sides = [sqlite, postgres];
    const figures = [
      `${'store'.padEnd(11)} ${'events'.padStart(10)} ${'seconds'.padStart(8)} ${'events/s'.padStart(9)} ${'read-only ev/s'.padStart(15)} ${'ratio'.padStart(6)} ${'peak RSS'.padStart(9)} ${'start-up'.padStart(9)}`,
      ...sides.map((s) => {
        const base = baselineRate(s);
        return `${s.store.padEnd(11)} ${fmt(s.events).padStart(10)} ${fmt(s.seconds, 1).padStart(8)} ${fmt(rate(s)).padStart(9)} ${fmt(base).padStart(15)} ${fmtValue(rate(s) / base, '×').padStart(6)} ${`${fmt(s.peakRssMb)} MB`.padStart(9)} ${`${fmt(s.wallSeconds - s.seconds, 1)} s`.padStart(9)}`;
      }),
      ...sides.map((s) => `${s.store} read-only runs (before, after the rebuild): ${s.baselines.map((b) => `${fmt(b.events / b.seconds)} ev/s`).join(', ')}; reader peak RSS ${fmt(Math.max(...s.baselines.map((b) => b.peakRssMb)))} MB; rebuild CPU ${fmt(s.cpuSeconds, 1)} s`),
    ];
    notes.push(
      "events/s: the rebuild's own timing as `accord rebuild` prints it (emptying the read models, the replay, the final commit); start-up (wall time from spawn to exit minus that) is shown apart",
      'peak RSS: VmHWM of the `accord rebuild` process from /proc, polled every 50 ms',
      'ratio: rebuild events/s over the mean of the read-only runs before and after it',
    );
    const checks: Check[] = [
      { what: 'SQLite rebuild', measured: rate(sqlite), direction: 'min', target: TARGET_SQLITE, unit: 'ev/s' },
      { what: 'PostgreSQL rebuild', measured: rate(postgres), direction: 'min', target: TARGET_POSTGRES, unit: 'ev/s' },
      { what: 'SQLite rebuild peak RSS', measured: sqlite.peakRssMb, direction: 'max', target: TARGET_RSS_MB, unit: 'MB' },
      { what: 'PostgreSQL rebuild peak RSS', measured: postgres.peakRssMb, direction: 'max', target: TARGET_RSS_MB, unit: 'MB' },
    ];
    return { figures, checks, notes };
  },
};

/** Read-only, rebuild, read-only: the baseline brackets the rebuild, so drift hits both. */
async function measure(store: string, env: Record<string, string>, bracket: boolean): Promise<Side> {
  const before = await readOnly(store, env);
  let progress: Progress | undefined;
  let run: ChildRun;
  try {
    run = await runAccord(['rebuild', '--restart'], env, (done, total) => {
      progress ??= new Progress(`accord rebuild (${store})`, total);
      progress.tick(done);
    });
  } finally {
    progress?.clear();
  }
  const after = bracket ? [await readOnly(store, env)] : [];
  const replayed = /\((\d+) events in ([\d.]+) s/.exec(run.stdout);
  if (!replayed) throw new Error(`rebuild (${store}): unexpected output: ${run.stdout}${run.stderr}`);
  return {
    store,
    events: Number(replayed[1]),
    seconds: Math.max(Number(replayed[2]), 0.05), // printed to 0.1 s: a smoke-size rebuild may show 0.0
    wallSeconds: run.wallSeconds,
    cpuSeconds: run.cpuSeconds,
    peakRssMb: run.peakRssBytes / 2 ** 20,
    baselines: [before, ...after],
  };
}

async function readOnly(store: string, env: Record<string, string>): Promise<Side['baselines'][number]> {
  const line = `  reading the ${store} log alone…`;
  process.stderr.write(line);
  try {
    const run = await runReadLog(env);
    const { events, seconds } = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { events: number; seconds: number };
    return { events, seconds, peakRssMb: run.peakRssBytes / 2 ** 20 };
  } finally {
    process.stderr.write(`\r${' '.repeat(line.length)}\r`);
  }
}

function rate(side: Side): number {
  return side.events / side.seconds;
}

function baselineRate(side: Side): number {
  return side.baselines.reduce((sum, b) => sum + b.events / b.seconds, 0) / side.baselines.length;
}
