import { Client } from 'pg';
import { testPgUrl } from '../libs/event-store/src/testing/test-databases';
import { fmt, fmtValue, percentile, type BenchContext, type Benchmark, type Check } from './support/framework';
import { median, planAppends, Progress } from './support/helpers';
import { accordSide, emmettSide, rawSide, SchemaRegistry, type SideKind } from './append-postgres/sides';
import { columnsOf, payloadBytes, precompute, type Append } from './append-postgres/workload';
import { writeConcurrently } from './append-postgres/writers';

const STREAMS = 5_000;
const WRITERS = 8;
const BATCH_SIZE = 100;
const SIDES: readonly SideKind[] = [accordSide, rawSide, emmettSide];

interface SideFigures {
  rates: number[];
  latencies: number[];
}

interface WorkloadResult {
  events: number;
  sides: Map<string, SideFigures>;
}

/** One side, one round: a fresh schema, the timed appends, the check of what was stored, the schema dropped. */
async function runRound(side: SideKind, appends: readonly Append[], schemas: SchemaRegistry, progress: Progress, verify: boolean) {
  const open = await side.open(WRITERS, schemas);
  try {
    const result = await writeConcurrently(appends, WRITERS, progress, (a) => open.append(a));
    if (verify) await open.verify(columnsOf(appends.flatMap((a) => a.rows)));
    return result;
  } finally {
    await open.close();
  }
}

/**
 * Every side once per round, in forward order in even rounds and reversed in odd ones, so drift
 * on the noisy VM hits all alike. A small untimed warm-up per side first (JIT, plans, Emmett's code).
 */
async function runWorkload(name: string, appends: readonly Append[], warmUp: readonly Append[], rounds: number, schemas: SchemaRegistry): Promise<WorkloadResult> {
  const events = appends.reduce((n, a) => n + a.rows.length, 0);
  const sides = new Map<string, SideFigures>(SIDES.map((s) => [s.label, { rates: [], latencies: [] }]));
  const progress = new Progress(`${name} warm-up`, 0);
  try {
    for (const side of SIDES) await runRound(side, warmUp, schemas, Progress.silent(), false);
    for (let round = 0; round < rounds; round++) {
      for (const side of round % 2 === 0 ? SIDES : [...SIDES].reverse()) {
        progress.phase(`${name} round ${round + 1}/${rounds} ${side.label.padEnd(6)}`, events);
        const result = await runRound(side, appends, schemas, progress, true);
        const figures = sides.get(side.label)!;
        figures.rates.push((result.events / result.ms) * 1000);
        figures.latencies.push(...result.latencies);
      }
    }
  } finally {
    progress.clear();
  }
  return { events, sides };
}

function summarise(name: string, result: WorkloadResult): { lines: string[]; medians: Map<string, number> } {
  const medians = new Map<string, number>();
  const lines = [`${name}: ${fmt(result.events)} events per round per side, ${WRITERS} concurrent writers, ${fmt(STREAMS)} streams`];
  for (const [label, { rates, latencies }] of result.sides) {
    const m = median(rates);
    medians.set(label, m);
    const sorted = [...latencies].sort((a, b) => a - b);
    lines.push(
      `  ${label.padEnd(7)} rounds ${rates.map((r) => fmt(r)).join(' / ')} ev/s · median ${fmtValue(m, 'ev/s')}` +
        ` · append p50 ${fmtValue(percentile(sorted, 50), 'ms')}, p99 ${fmtValue(percentile(sorted, 99), 'ms')}`,
    );
  }
  const accord = medians.get(accordSide.label)!;
  lines.push(
    `  Accord / raw ${fmtValue(accord / medians.get(rawSide.label)!, '×')} · Accord / Emmett ${fmtValue(accord / medians.get(emmettSide.label)!, '×')}`,
  );
  return { lines, medians };
}

/** The server's durability settings, as every side's sessions inherit them (none of the sides changes them). */
async function durability(): Promise<string> {
  const client = new Client({ connectionString: testPgUrl() });
  await client.connect();
  try {
    const names = ['server_version', 'fsync', 'synchronous_commit', 'wal_sync_method', 'full_page_writes', 'commit_delay'];
    const values: string[] = [];
    for (const name of names) values.push(`${name}=${(await client.query(`SHOW ${name}`)).rows[0][name]}`);
    return values.join(', ');
  } finally {
    await client.end();
  }
}

export const appendPostgres: Benchmark = {
  name: 'append-postgres',
  description: `single-event appends and batches of ${BATCH_SIZE} over ${fmt(STREAMS)} streams, ${WRITERS} concurrent writers, into PostgreSQL: Accord vs raw pg inserts (the limit) vs @event-driven-io/emmett-postgresql (peer)`,
  expected: '60 s',
  async run(ctx: BenchContext) {
    const rounds = ctx.pick(3, 2);
    const singleAppends = ctx.pick(2_000, 120);
    const batchEvents = ctx.pick(40_000, 2_000);
    const schemas = new SchemaRegistry();
    ctx.onCleanup(() => schemas.dropAll());

    const single = precompute(planAppends(singleAppends, 1, STREAMS, 11));
    const singleWarm = precompute(planAppends(Math.max(24, singleAppends / 20), 1, STREAMS, 12));
    const batch = precompute(planAppends(batchEvents / BATCH_SIZE, BATCH_SIZE, STREAMS, 13));
    const batchWarm = precompute(planAppends(Math.max(8, batchEvents / BATCH_SIZE / 20), BATCH_SIZE, STREAMS, 14));

    const singleResult = summarise('single', await runWorkload('single', single, singleWarm, rounds, schemas));
    const batchResult = summarise(`batch${BATCH_SIZE}`, await runWorkload(`batch${BATCH_SIZE}`, batch, batchWarm, rounds, schemas));

    const peer = (r: typeof singleResult) => r.medians.get(accordSide.label)! / r.medians.get(emmettSide.label)!;
    const checks: Check[] = [
      { what: 'single Accord / Emmett', measured: peer(singleResult), direction: 'min', target: 1, unit: '×' },
      { what: `batch${BATCH_SIZE} Accord / Emmett`, measured: peer(batchResult), direction: 'min', target: 1, unit: '×' },
      { what: `batch${BATCH_SIZE} Accord`, measured: batchResult.medians.get(accordSide.label)!, direction: 'min', target: 10_000, unit: 'ev/s' },
    ];
    return {
      figures: [...singleResult.lines, ...batchResult.lines],
      checks,
      notes: [
        `durability (server defaults, unchanged by every side): ${await durability()}`,
        `event: ${payloadBytes(single)} B of JSON (data + metadata); every side writes the same events (Emmett gets Accord's ids as messageId, data as JSONB)`,
        'each side and round in a fresh schema, dropped after; afterwards every stored row is compared with the expected one (Accord: also positions 1…n gapless)',
        `raw: Accord's events table with an identity position, one autocommitted INSERT … unnest per append (no head lock, no tip read, no revision check)`,
        'Emmett: getPostgreSQLEventStore(url).appendToStream(stream, events, { expectedStreamVersion }): BEGIN, SELECT emt_append_to_stream(…), COMMIT; positions from a sequence',
      ],
    };
  },
};
